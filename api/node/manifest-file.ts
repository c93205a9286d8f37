import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Manifest, parseManifest } from '../core/manifest.ts';
import { MANIFEST_FILE } from './build-sync.ts';

/** The manifest of the build in `distDir`, or null when there is none or it is unreadable. */
export function readManifest(distDir: string): Manifest | null {
  const file = path.join(distDir, MANIFEST_FILE);
  if (!existsSync(file)) return null;
  try {
    return parseManifest(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return null;
  }
}
