import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Manifest } from '../core/manifest.ts';
import { postPath } from '../core/urls.ts';
import { readManifest } from './manifest-file.ts';

export interface BuiltPost {
  slug: string;
  url: string;
  /** The post's page as built; null when the build has no page for it. */
  html: string | null;
}

/** The published posts of the build in `distDir` with their pages, or null when there is no build. */
export function readBuiltPosts(distDir: string): { manifest: Manifest; posts: BuiltPost[] } | null {
  const manifest = readManifest(distDir);
  if (!manifest) return null;
  const posts = manifest.posts.map((post) => {
    const file = path.join(distDir, decodeURIComponent(postPath(post.slug)), 'index.html');
    return { slug: post.slug, url: post.url, html: existsSync(file) ? readFileSync(file, 'utf8') : null };
  });
  return { manifest, posts };
}
