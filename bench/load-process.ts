/**
 * The load generator, run as its own process so it never shares the server's event loop. Reads
 * one LoadSpec (JSON) from argv, drives autocannon, prints one LoadResult (JSON) line.
 */
import autocannon from 'autocannon';
import type { LoadResult, LoadSpec } from './load.ts';

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
let sequence = 0;

/** A distinct address per request, so a per-client limit does not hide the real cost. */
function address(n: number): string {
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

function nextRequest(): { body?: string; headers: Record<string, string> } {
  sequence += 1;
  const n = sequence;
  const run = process.pid;
  switch (spec.kind) {
    case 'get':
      return { headers: {} };
    case 'comment':
      return {
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address(n) },
        body: JSON.stringify({
          name: `Reader ${n}`,
          body: `Comment ${run}-${n}: *threads* beat [flat lists](https://example.org/${n}).`,
          url: `https://reader-${n}.example/`,
        }),
      };
    case 'reply':
      return {
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address(n) },
        body: JSON.stringify({
          name: `Reader ${n}`,
          body: `Answer ${run}-${n}: *threads* beat [flat lists](https://example.org/${n}).`,
          email: `reader-${run}-${n}@example.org`,
          parent: spec.parent,
          ...(spec.notify ? { notify: true } : {}),
        }),
      };
    case 'webmention':
      return {
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': address(n) },
        body: new URLSearchParams({ source: `${spec.sourceBase}/many/${run}-${n}`, target: spec.target ?? '' }).toString(),
      };
  }
}

function report(result: autocannon.Result): void {
  const ok = result['2xx'];
  const output: LoadResult = {
    requests: result.requests.total,
    ok,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    seconds: result.duration,
    rps: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
  console.log(JSON.stringify(output));
}

autocannon(
  {
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    maxOverallRequests: spec.maxRequests,
    timeout: 10,
    requests: [
      {
        method: spec.kind === 'get' ? 'GET' : 'POST',
        setupRequest: (request) => {
          const next = nextRequest();
          return { ...request, headers: { ...request.headers, ...next.headers }, ...(next.body === undefined ? {} : { body: next.body }) };
        },
      },
    ],
  },
  (error, result) => {
    if (error) throw error;
    report(result);
  },
);
