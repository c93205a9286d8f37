/** Runs a command to completion and measures it: wall time, CPU time and peak resident memory. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export interface MeasuredRun {
  ms: number;
  /** CPU time of the process (user + system, its children included), in ms. */
  cpuMs: number;
  /** Peak resident memory of the process, in MiB. */
  peakMiB: number;
  /** The last 20,000 characters it printed. */
  output: string;
}

function peakFromTime(text: string): number {
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1];
  return kb ? Number(kb) / 1024 : 0;
}

function cpuFromTime(text: string): number {
  const user = /User time \(seconds\): ([\d.]+)/.exec(text)?.[1];
  const system = /System time \(seconds\): ([\d.]+)/.exec(text)?.[1];
  return (Number(user ?? 0) + Number(system ?? 0)) * 1000;
}

/** utime + stime of a running process and its waited-for children, from /proc, in ms (100 ticks a second). */
function cpuFromProc(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0) + Number(fields[13] ?? 0) + Number(fields[14] ?? 0)) * 10;
}

/** CPU time and peak memory from GNU time when present, else sampled from /proc every 200 ms. Rejects on a non-zero exit. */
export function runMeasured(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<MeasuredRun> {
  const gnuTime = existsSync('/usr/bin/time');
  const [command, ...rest] = gnuTime ? ['/usr/bin/time', '-v', ...args] : args;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command!, rest, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let sampled = 0;
    let cpuSampled = 0;
    const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const sampler = setInterval(() => {
      try {
        const rss = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
        if (rss) sampled = Math.max(sampled, Number(rss) / 1024);
        if (child.pid) cpuSampled = Math.max(cpuSampled, cpuFromProc(child.pid));
      } catch {
        // the process is gone or /proc is missing
      }
    }, 200);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.on('exit', (code) => {
      clearInterval(sampler);
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`${args.slice(1, 3).join(' ')} exited with ${code}:\n${output.slice(-3_000)}`));
      resolve({
        ms: performance.now() - started,
        cpuMs: gnuTime ? cpuFromTime(output) : cpuSampled,
        peakMiB: gnuTime ? peakFromTime(output) : sampled,
        output,
      });
    });
  });
}
