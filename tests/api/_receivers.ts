/**
 * A stand-in for the sites a post links to, on 127.0.0.1: the 23 webmention.rocks discovery pages
 * (tests/fixtures/discovery), pages whose endpoints answer each status a sender must handle, and
 * a source page the tests edit. Every Webmention POST is recorded with its path and fields.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../_loopback.ts';
import { caseBody, caseHeaders, DISCOVERY_CASES } from '../fixtures/discovery/cases.ts';

export interface ReceivedPost {
  /** Path and query of the endpoint. */
  path: string;
  source: string;
  target: string;
  contentType: string;
}

export interface Receivers {
  base: string;
  posts: ReceivedPost[];
  /** GETs per path. */
  gets: Map<string, number>;
  /** The most requests the server was answering at one time. */
  maxInFlight: number;
  /** Milliseconds every answer waits: to see how many requests overlap. */
  delayMs: number;
  /** What /source/post answers: a page with these HTML links in its e-content, or 410. */
  source: { links: string[]; gone: boolean };
  url(path: string): string;
  postsTo(path: string): ReceivedPost[];
  reset(): void;
  close(): Promise<void>;
}

const page = (body: string) => `<!doctype html><html><head><meta charset="utf-8"><title>A page</title></head><body>${body}</body></html>`;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startReceivers(): Promise<Receivers> {
  const state: Receivers = {
    base: '',
    posts: [],
    gets: new Map(),
    maxInFlight: 0,
    delayMs: 0,
    source: { links: [], gone: false },
    url: (path) => `${state.base}${path}`,
    postsTo: (path) => state.posts.filter((post) => post.path === path),
    reset() {
      state.posts.length = 0;
      state.gets.clear();
      state.maxInFlight = 0;
      attempts.clear();
    },
    close: async () => undefined,
  };
  const attempts = new Map<string, number>();
  let inFlight = 0;

  const html = (response: ServerResponse, body: string, status = 200, headers: Record<string, string> = {}) => {
    response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
    response.end(body);
  };

  const answerGet = (path: string, response: ServerResponse) => {
    const discovery = DISCOVERY_CASES.find((testCase) => (testCase.redirectTo ?? testCase.path) === path);
    if (discovery) {
      // raw header pairs, so names go out exactly as written (LinK) and repeated Link lines stay apart
      const raw = caseHeaders(discovery, state.base).flat();
      response.writeHead(200, [...raw, 'Content-Type', 'text/html; charset=utf-8']);
      return response.end(caseBody(discovery.n, state.base));
    }
    const redirect = DISCOVERY_CASES.find((testCase) => testCase.redirectTo && testCase.path === path);
    if (redirect) {
      response.writeHead(302, { location: redirect.redirectTo });
      return response.end();
    }
    // /status/<code>: the endpoint answers <code>; /flaky: 503 once, then 202
    const status = /^\/status\/(\w+)$/.exec(path)?.[1];
    if (status) return html(response, page('<p>A page.</p>'), 200, { link: `</endpoint/${status}>; rel="webmention"` });
    if (path.startsWith('/page/')) return html(response, page('<p>A page.</p>'), 200, { link: '</wm>; rel="webmention"' });
    if (path === '/no-endpoint') return html(response, page('<p>No endpoint. <a href="/wm">Just a link</a>.</p>'));
    if (path === '/broken') return html(response, 'down for maintenance', 503);
    if (path === '/source/post') {
      if (state.source.gone) return html(response, page('<h1>Gone</h1>'), 410);
      const links = state.source.links.map((link) => `<a href="${link}">a link</a>`).join(' ');
      return html(
        response,
        page(`<article class="h-entry"><h1 class="p-name">A source</h1><div class="e-content"><p>${links}</p></div></article>`),
      );
    }
    return html(response, 'not found', 404);
  };

  const answerPost = (path: string, response: ServerResponse) => {
    const code = /^\/endpoint\/(\w+)$/.exec(path)?.[1];
    if (code === 'flaky') {
      const seen = (attempts.get(path) ?? 0) + 1;
      attempts.set(path, seen);
      return seen === 1 ? html(response, 'busy, try later', 503) : html(response, 'accepted', 202);
    }
    if (code === '400') return html(response, '<h1>Bad request</h1><p>source does not link to target</p>', 400);
    if (code === '500') return html(response, 'broken', 500);
    if (code === '201') return html(response, 'created', 201, { location: `${state.base}/status/of/1` });
    if (code && /^2\d\d$/.test(code)) return html(response, 'ok', Number(code));
    return html(response, 'accepted', 202);
  };

  const server = createServer(async (request, response) => {
    inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    try {
      const url = new URL(request.url ?? '/', 'http://x');
      const body = request.method === 'POST' ? await readBody(request) : '';
      if (state.delayMs) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
      if (request.method === 'POST') {
        const fields = new URLSearchParams(body);
        state.posts.push({
          path: `${url.pathname}${url.search}`,
          source: fields.get('source') ?? '',
          target: fields.get('target') ?? '',
          contentType: request.headers['content-type'] ?? '',
        });
        return answerPost(url.pathname, response);
      }
      state.gets.set(url.pathname, (state.gets.get(url.pathname) ?? 0) + 1);
      return answerGet(url.pathname, response);
    } finally {
      inFlight -= 1;
    }
  });
  ({ base: state.base, close: state.close } = await listenOnLoopback(server));
  return state;
}
