import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { buildSite } from './site-build.ts';

export interface RebuildOptions {
  projectDir: string;
  /** Folder holding one sub-folder per background build. */
  buildsDir: string;
  env: NodeJS.ProcessEnv;
  /** Minimum milliseconds between the starts of two builds. */
  intervalMs: number;
  /** Called with a finished build's folder: the server starts serving it. */
  onBuilt: (outDir: string) => void;
  log: (line: string) => void;
}

export interface Rebuilder {
  /** Asks for a rebuild: coalesced with others and run at most once per interval. */
  request(): void;
  /** Resolves when no build is running or waiting. */
  idle(): Promise<void>;
  stop(): void;
}

/**
 * Rebuilds the static site in the background after new published interactions, so pages catch up
 * without JavaScript. Builds go to a fresh folder and are swapped in only when complete: a reader
 * never gets a half-written page.
 */
export function createRebuilder(options: RebuildOptions): Rebuilder {
  let lastStart = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let pending = false;
  let stopped = false;
  let current: string | undefined;

  const prune = () => {
    for (const name of readdirSync(options.buildsDir)) {
      const dir = path.join(options.buildsDir, name);
      if (dir !== current) rmSync(dir, { recursive: true, force: true });
    }
  };

  const run = async () => {
    pending = false;
    lastStart = Date.now();
    const outDir = path.join(options.buildsDir, `build-${lastStart}`);
    options.log('rebuilding the site with the new conversation…');
    try {
      await buildSite({ projectDir: options.projectDir, outDir, env: options.env });
      current = outDir;
      options.onBuilt(outDir);
      options.log(`site rebuilt in ${((Date.now() - lastStart) / 1000).toFixed(1)} s`);
      prune();
    } catch (error) {
      rmSync(outDir, { recursive: true, force: true });
      options.log(`background rebuild failed; still serving the previous build. ${error instanceof Error ? error.message : error}`);
    }
  };

  const schedule = () => {
    if (stopped || timer || running) return;
    const wait = Math.max(0, lastStart + options.intervalMs - Date.now());
    timer = setTimeout(() => {
      timer = undefined;
      running = run().finally(() => {
        running = undefined;
        if (pending) schedule();
      });
    }, wait);
    timer.unref();
  };

  mkdirSync(options.buildsDir, { recursive: true });
  return {
    request() {
      pending = true;
      schedule();
    },
    async idle() {
      while (running || timer) await (running ?? new Promise((resolve) => setTimeout(resolve, 50)));
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
