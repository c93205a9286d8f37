import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { staleReason } from '../../api/node/site-build.ts';

describe('when npm start rebuilds the site', () => {
  const project = mkdtempSync(path.join(tmpdir(), 'parley-stale-'));
  const dist = path.join(project, 'dist');
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  const at = (file: string, seconds: number) => utimesSync(file, seconds, seconds);
  // folders count too (a deleted post changes its folder), so they get the file's time
  const write = (file: string, text: string, seconds: number) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    at(file, seconds);
    for (let dir = path.dirname(file); dir.startsWith(project) && dir !== project; dir = path.dirname(dir)) at(dir, seconds);
  };

  it('builds when there is no build yet', () => {
    write(path.join(project, 'content/posts/a.mdx'), '---\n---\n', 1_000);
    assert.match(staleReason(project, dist, 'http://127.0.0.1:4321') ?? '', /no build yet/);
  });

  it('keeps a build newer than every source', () => {
    write(path.join(dist, 'parley-posts.json'), JSON.stringify({ siteUrl: 'http://127.0.0.1:4321' }), 2_000);
    assert.equal(staleReason(project, dist, 'http://127.0.0.1:4321'), null);
  });

  it('rebuilds when email notifications are turned on, so the form offers them', () => {
    assert.match(staleReason(project, dist, 'http://127.0.0.1:4321', true) ?? '', /email notifications were turned on/);
  });

  it('rebuilds for another SITE_URL', () => {
    assert.match(
      staleReason(project, dist, 'https://blog.example') ?? '',
      /SITE_URL changed from http:\/\/127.0.0.1:4321 to https:\/\/blog.example/,
    );
  });

  it('rebuilds when a post, the site code or the config changed since', () => {
    write(path.join(project, 'content/posts/b.mdx'), '---\n---\n', 3_000);
    assert.match(staleReason(project, dist, 'http://127.0.0.1:4321') ?? '', /content changed/);
    write(path.join(dist, 'parley-posts.json'), JSON.stringify({ siteUrl: 'http://127.0.0.1:4321' }), 4_000);
    write(path.join(project, 'astro.config.mjs'), 'export default {}', 5_000);
    assert.match(staleReason(project, dist, 'http://127.0.0.1:4321') ?? '', /astro.config.mjs changed/);
  });

  it('rebuilds when a post was deleted', () => {
    write(path.join(dist, 'parley-posts.json'), JSON.stringify({ siteUrl: 'http://127.0.0.1:4321' }), 6_000);
    rmSync(path.join(project, 'content/posts/b.mdx'));
    assert.match(staleReason(project, dist, 'http://127.0.0.1:4321') ?? '', /content changed/);
  });

  it('rebuilds over an unreadable build', () => {
    write(path.join(dist, 'parley-posts.json'), '{ not json', 9_000);
    assert.match(staleReason(project, dist, 'http://127.0.0.1:4321') ?? '', /unreadable/);
  });
});
