/** Page weight: the bytes a reader downloads for a post page with a long conversation. */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Row, row } from './report.ts';
import { benchPost, SITE_URL, seedDatabase } from './seed.ts';
import { buildProject, createSiteProject, slugOf } from './site-project.ts';

function weigh(texts: string[]): { raw: number; gzip: number } {
  return texts.reduce((sum, text) => ({ raw: sum.raw + Buffer.byteLength(text), gzip: sum.gzip + gzipSync(text).byteLength }), {
    raw: 0,
    gzip: 0,
  });
}

/** Files the page links (href/src on this site), read from the build folder. */
function linked(html: string, dist: string, pattern: RegExp): string[] {
  return [...html.matchAll(pattern)]
    .map((match) => match[1]!.replace(SITE_URL, ''))
    .filter((href) => href.startsWith('/'))
    .map((href) => path.join(dist, href.split('?')[0]!))
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file, 'utf8'));
}

export async function benchPageWeight(options: { interactions: number; log: (line: string) => void }): Promise<Row[]> {
  const root = createSiteProject(1);
  try {
    const url = `file:${path.join(root, 'page.db')}`;
    (await seedDatabase(url, [benchPost(slugOf(1))], options.interactions)).close();
    options.log(`page weight: building one post with ${options.interactions} interactions`);
    const dist = path.join(root, 'dist');
    await buildProject(root, { DATABASE_URL: url, SITE_URL }, dist);
    const html = readFileSync(path.join(dist, 'posts', slugOf(1), 'index.html'), 'utf8');
    const inline = (tag: string) =>
      [...html.matchAll(new RegExp(`<${tag}(?![^>]*\\bsrc=)[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))]
        .map((match) => match[1]!)
        .filter((text) => text.trim());
    const css = weigh([...linked(html, dist, /<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g), ...inline('style')]);
    const js = weigh([
      ...linked(html, dist, /<script[^>]+src="([^"]+)"/g),
      ...inline('script').filter((text) => !text.trim().startsWith('{')),
    ]);
    const page = weigh([html]);
    const label = `post page, ${options.interactions} interactions`;
    return [
      row(`Page weight: HTML (${label})`, page.raw / 1024, 'KiB raw', null),
      row('Page weight: HTML gzip', page.gzip / 1024, 'KiB gzip', null),
      row('Page weight: CSS gzip', css.gzip / 1024, 'KiB gzip', null),
      row('Page weight: JavaScript raw', js.raw / 1024, 'KiB raw', null),
      row('Page weight: conversation JavaScript gzip', js.gzip / 1024, 'KiB gzip', null, { max: 4 }),
    ];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
