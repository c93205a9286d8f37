/**
 * Finds and launches Debian's Chromium for the browser tests. In CI a missing browser is a
 * failure; on a developer's machine the tests are skipped with a loud notice instead.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function findChromium(): string | null {
  return CANDIDATES.find((candidate): candidate is string => Boolean(candidate && existsSync(candidate))) ?? null;
}

/** Why the browser tests cannot run here, or null when they can. Throws in CI. */
export function browserSkipReason(): string | null {
  if (findChromium()) return null;
  const message = `no Chromium found (tried ${CANDIDATES.filter(Boolean).join(', ')}); set CHROMIUM_PATH or install Debian's chromium`;
  if (process.env.CI) throw new Error(`browser tests are required in CI: ${message}`);
  console.warn(`\n!!! SKIPPING BROWSER TESTS: ${message} !!!\n`);
  return message;
}

export function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('no Chromium found');
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
