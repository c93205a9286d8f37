/**
 * A stand-in for other people's sites: serves the source pages in tests/fixtures/sources on
 * 127.0.0.1, with the target URL filled in, plus the awkward cases (redirects, loops, 410, slow and
 * oversized bodies). Counts every request per path.
 */
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { listenOnLoopback } from '../_loopback.ts';

const FIXTURES = new URL('../fixtures/sources/', import.meta.url);

export interface SourceServer {
  base: string;
  hits: Map<string, number>;
  /** Values substituted into fixtures: target, comment, text… */
  vars: Record<string, string>;
  /** What /mutable answers: the linking page, the page without the link, or 410. */
  mutable: 'link' | 'nolink' | 'gone';
  url(path: string): string;
  close(): Promise<void>;
}

export async function startSourceServer(vars: Record<string, string>): Promise<SourceServer> {
  const hits = new Map<string, number>();
  const state: SourceServer = {
    base: '',
    hits,
    vars,
    mutable: 'link',
    url: (path) => `${state.base}${path}`,
    close: async () => undefined,
  };

  const fixture = (name: string, self: string, extra: Record<string, string> = {}) => {
    const values: Record<string, string> = {
      base: state.base,
      self,
      long: 'word '.repeat(600),
      text: 'First version.',
      ...state.vars,
      ...extra,
    };
    return readFileSync(new URL(name, FIXTURES), 'utf8').replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');
  };
  const html = (response: ServerResponse, body: string, status = 200) => {
    response.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
    response.end(body);
  };

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const self = `${state.base}${path}`;
    if (/^\/[\w-]+\.html$/.test(path)) return html(response, fixture(path.slice(1), self));
    if (path.startsWith('/many/')) return html(response, fixture('reply.html', self).replace('Rosa Remote', `Person ${path.slice(6)}`));
    switch (path) {
      case '/redirect':
        response.writeHead(301, { location: '/reply.html' });
        return response.end();
      case '/redirect-chain': {
        response.writeHead(302, { location: '/hop/1' });
        return response.end();
      }
      case '/loop-a':
        response.writeHead(302, { location: '/loop-b' });
        return response.end();
      case '/loop-b':
        response.writeHead(302, { location: '/loop-a' });
        return response.end();
      case '/gone':
        return html(response, '<h1>Gone</h1>', 410);
      case '/mutable':
        if (state.mutable === 'gone') return html(response, '<h1>Deleted</h1>', 410);
        return html(response, state.mutable === 'link' ? fixture('removable-with-link.html', self) : fixture('no-link.html', self));
      case '/huge':
        return html(response, `<a href="${state.vars.target}">t</a>${'<p>padding</p>'.repeat(120_000)}`);
      case '/huge-gzip': {
        response.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
        return response.end(gzipSync(`<a href="${state.vars.target}">t</a>${' '.repeat(3 * 1024 * 1024)}`));
      }
      case '/slow':
        response.writeHead(200, { 'content-type': 'text/html' });
        response.write('<p>');
        return; // never finishes: the fetch timeout must end it
      case '/plain.txt':
        response.writeHead(200, { 'content-type': 'text/plain' });
        return response.end(`See ${state.vars.target} for more.`);
      case '/json':
        response.writeHead(200, { 'content-type': 'application/json' });
        return response.end(JSON.stringify({ link: state.vars.target }));
      case '/flaky':
        if ((hits.get(path) ?? 0) === 1) return html(response, 'busy', 503);
        return html(response, fixture('reply.html', self));
      default:
        if (path.startsWith('/hop/')) {
          const n = Number(path.slice(5));
          response.writeHead(302, { location: n >= 7 ? '/reply.html' : `/hop/${n + 1}` });
          return response.end();
        }
        return html(response, 'not found', 404);
    }
  });
  ({ base: state.base, close: state.close } = await listenOnLoopback(server));
  return state;
}
