import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Whether a process with this pid is running on this machine. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `work` while holding the project's build lock, so instances started from one folder never
 * write the same build at once. The lock is a folder (mkdir is atomic) holding the owner's pid; a
 * lock whose owner died is taken over. Files are per machine, so this lock is too: instances on
 * other machines have their own folder.
 *
 * @example await withBuildLock(projectDir, () => buildIfStale());
 */
export async function withBuildLock<T>(
  projectDir: string,
  work: () => Promise<T>,
  options: { pollMs?: number; onWait?: () => void } = {},
): Promise<T> {
  const lock = path.join(projectDir, '.parley', 'build.lock');
  mkdirSync(path.dirname(lock), { recursive: true });
  let told = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let owner = Number.NaN;
      try {
        owner = Number(readFileSync(path.join(lock, 'pid'), 'utf8'));
      } catch {
        // the owner has made the folder but not written its pid yet
      }
      if (Number.isInteger(owner) && owner > 0 && !alive(owner)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!told) options.onWait?.();
      told = true;
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
