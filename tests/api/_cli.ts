/** Runs the real `parley` command in a child process, as a person would, and keeps what it printed. */
import { execFile } from 'node:child_process';
import path from 'node:path';

const bin = path.resolve('bin/parley.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function parley(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : error ? 1 : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export const fixturePath = (name: string) => path.resolve('tests/fixtures/import', name);
