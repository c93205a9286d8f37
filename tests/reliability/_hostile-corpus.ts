/**
 * A generated corpus of malformed requests to every public route: wrong content types, invalid
 * UTF-8, oversized fields and bodies, deep and huge JSON, unknown fields, SQL-like and
 * path-traversal strings. Every one must be answered 4xx.
 */

export interface HostileRequest {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

const SLUG = 'under-load';
const COMMENTS = `/api/posts/${SLUG}/comments`;
const json = { 'content-type': 'application/json' };
const form = { 'content-type': 'application/x-www-form-urlencoded' };

const SQL_LIKE = ["' OR '1'='1", '1; DROP TABLE interactions; --', '" UNION SELECT author_email FROM interactions --', '1)) OR sleep(5)#'];
const TRAVERSAL = [
  '../../../../etc/passwd',
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '....//....//etc/passwd',
  '%00',
  '%E0%A4%A',
  '%C0%AE%C0%AE/',
];

function bytes(...parts: (string | number[])[]): Uint8Array {
  return Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));
}

export function hostileCorpus(siteUrl: string): HostileRequest[] {
  const corpus: HostileRequest[] = [];
  const add = (request: HostileRequest) => corpus.push(request);

  // content types
  for (const type of [
    'text/plain',
    'application/xml',
    'application/json-patch+json',
    'image/png',
    '',
    'multipart/form-data',
    'application/x-www-form-urlencoded; charset=utf-16',
  ]) {
    add({
      name: `comment as ${type || 'no type'}`,
      method: 'POST',
      path: COMMENTS,
      headers: type ? { 'content-type': type } : {},
      body: type.includes('utf-16') ? Buffer.from('name=a&body=b', 'utf16le') : '{"name":"A","body":"b"}',
    });
  }
  add({
    name: 'multipart with a file',
    method: 'POST',
    path: COMMENTS,
    headers: { 'content-type': 'multipart/form-data; boundary=x' },
    body: '--x\r\nContent-Disposition: form-data; name="body"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--x--\r\n',
  });
  add({
    name: 'multipart cut short',
    method: 'POST',
    path: COMMENTS,
    headers: { 'content-type': 'multipart/form-data; boundary=x' },
    body: '--x\r\nContent-Disposition: form-data; name="body"\r\n\r\nhel',
  });
  add({
    name: 'webmention as JSON',
    method: 'POST',
    path: '/api/webmention',
    headers: json,
    body: `{"source":"https://a.example/","target":"${siteUrl}/posts/${SLUG}/"}`,
  });

  // invalid UTF-8
  add({
    name: 'JSON with invalid UTF-8',
    method: 'POST',
    path: COMMENTS,
    headers: json,
    body: bytes('{"name":"', [0xc3, 0x28], '","body":"', [0xff, 0xfe, 0xfd], '"}'),
  });
  add({
    name: 'JSON with a lone surrogate escape and an overlong slash',
    method: 'POST',
    path: COMMENTS,
    headers: json,
    body: bytes('{"name":"\\ud800","body":"', [0xc0, 0xaf], '"}'),
  });
  add({ name: 'form with invalid UTF-8 escapes', method: 'POST', path: COMMENTS, headers: form, body: 'name=%C3%28&body=%FF%FE' });
  add({
    name: 'webmention with invalid UTF-8',
    method: 'POST',
    path: '/api/webmention',
    headers: form,
    body: bytes('source=https://a.example/', [0xff], '&target=', siteUrl),
  });

  // sizes
  add({
    name: 'name over 80',
    method: 'POST',
    path: COMMENTS,
    headers: json,
    body: JSON.stringify({ name: 'n'.repeat(5_000), body: 'b' }),
  });
  add({
    name: 'body over 10,000',
    method: 'POST',
    path: COMMENTS,
    headers: json,
    body: JSON.stringify({ name: 'n', body: 'b'.repeat(20_000) }),
  });
  add({
    name: 'body over 64 KiB',
    method: 'POST',
    path: COMMENTS,
    headers: json,
    body: JSON.stringify({ name: 'n', body: 'b'.repeat(200_000) }),
  });
  add({ name: 'form over 64 KiB', method: 'POST', path: '/api/webmention', headers: form, body: `source=${'a'.repeat(100_000)}` });
  add({
    name: 'url of 3,000 characters',
    method: 'POST',
    path: COMMENTS,
    headers: json,
    body: JSON.stringify({ name: 'n', body: 'b', url: `https://a.example/${'x'.repeat(3_000)}` }),
  });
  add({
    name: 'source URL of 20,000 characters',
    method: 'POST',
    path: '/api/webmention',
    headers: form,
    body: new URLSearchParams({ source: `https://a.example/${'x'.repeat(20_000)}`, target: `${siteUrl}/posts/${SLUG}/` }).toString(),
  });
  add({ name: 'query of 30,000 characters', method: 'GET', path: `/api/mentions.jf2?target=${'x'.repeat(30_000)}` });

  // JSON shapes
  add({ name: 'deeply nested arrays', method: 'POST', path: COMMENTS, headers: json, body: `${'['.repeat(30_000)}${']'.repeat(30_000)}` });
  add({
    name: 'deeply nested objects',
    method: 'POST',
    path: COMMENTS,
    headers: json,
    body: `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`,
  });
  add({
    name: 'deep value in a known field',
    method: 'POST',
    path: COMMENTS,
    headers: json,
    body: `{"name":"n","body":${'['.repeat(5_000)}${']'.repeat(5_000)}}`,
  });
  add({
    name: 'huge array',
    method: 'POST',
    path: COMMENTS,
    headers: json,
    body: JSON.stringify(Array.from({ length: 12_000 }, (_, n) => n)),
  });
  add({
    name: 'ten thousand keys',
    method: 'POST',
    path: COMMENTS,
    headers: json,
    body: JSON.stringify(Object.fromEntries(Array.from({ length: 5_000 }, (_, n) => [`k${n}`, n]))),
  });
  add({
    name: 'unknown fields',
    method: 'POST',
    path: COMMENTS,
    headers: json,
    body: JSON.stringify({ name: 'n', body: 'b', status: 'published', is_owner: true }),
  });
  add({
    name: '__proto__ field',
    method: 'POST',
    path: COMMENTS,
    headers: json,
    body: '{"name":"n","body":"b","__proto__":{"isOwner":true}}',
  });
  add({
    name: 'constructor field',
    method: 'POST',
    path: COMMENTS,
    headers: json,
    body: '{"name":"n","body":"b","constructor":{"prototype":{"x":1}}}',
  });
  for (const value of ['null', 'true', '"text"', '12', '[]', '', ' ', '{', '{"name":', 'NaN']) {
    add({ name: `JSON body ${value || 'empty'}`, method: 'POST', path: COMMENTS, headers: json, body: value });
  }
  for (const [field, value] of [
    ['name', 123],
    ['name', ['a']],
    ['body', { html: '<b>' }],
    ['parent', -1],
    ['parent', 1.5],
    ['parent', 'abc'],
    ['parent', 1e308],
    ['parent', '9'.repeat(400)],
    ['url', 'javascript:alert(1)'],
    ['url', 'data:text/html,x'],
    ['email', 'a@'],
    ['website', 'http://spam.example'],
  ] as const) {
    add({
      name: `${field} = ${JSON.stringify(value).slice(0, 30)}`,
      method: 'POST',
      path: COMMENTS,
      headers: json,
      body: JSON.stringify({ name: 'n', body: 'b', [field]: value }),
    });
  }

  // SQL-like and traversal strings where identifiers go
  for (const text of [...SQL_LIKE, ...TRAVERSAL]) {
    const slug = /%/.test(text) ? text : encodeURIComponent(text);
    add({ name: `slug ${text}`, method: 'GET', path: `/api/posts/${slug}/conversation` });
    add({
      name: `comment on slug ${text}`,
      method: 'POST',
      path: `/api/posts/${slug}/comments`,
      headers: json,
      body: '{"name":"n","body":"b"}',
    });
    add({
      name: `parent ${text}`,
      method: 'POST',
      path: COMMENTS,
      headers: json,
      body: JSON.stringify({ name: 'n', body: 'b', parent: text }),
    });
    add({ name: `comment id ${text}`, method: 'GET', path: `/api/posts/${SLUG}/comments/${slug}` });
    add({ name: `status token ${text}`, method: 'GET', path: `/api/webmention/${slug}` });
    add({ name: `jf2 target ${text}`, method: 'GET', path: `/api/mentions.jf2?target=${encodeURIComponent(text)}` });
    add({
      name: `webmention target ${text}`,
      method: 'POST',
      path: '/api/webmention',
      headers: form,
      body: new URLSearchParams({ source: 'https://a.example/', target: `${siteUrl}/posts/${text}` }).toString(),
    });
    add({
      name: `static ${text}`,
      method: 'GET',
      path: `/${text.startsWith('%') || text.startsWith('.') ? text : encodeURIComponent(text)}`,
    });
    add({ name: `admin ${text}`, method: 'GET', path: `/admin/posts/${slug}` });
  }
  for (const path of [
    '/../../etc/passwd',
    '/posts/../../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/posts/%2e%2e%2f%2e%2e%2fpackage.json',
    '/_astro/..%2f..%2fpackage.json',
    '/parley-posts.json%00.html',
  ]) {
    add({ name: `static traversal ${path}`, method: 'GET', path });
  }

  // webmention and feed parameters
  for (const body of [
    '',
    'source=',
    'target=x',
    'source=ftp://a.example/&target=x',
    `source=${siteUrl}/posts/${SLUG}/&target=${siteUrl}/posts/${SLUG}/`,
    'source=https://a.example/&target=https://elsewhere.example/post',
    'source=https://a.example/&target=javascript:alert(1)',
    'source=https://[::1/&target=x',
  ]) {
    add({ name: `webmention ${body || 'empty'}`, method: 'POST', path: '/api/webmention', headers: form, body });
  }
  for (const query of [
    '',
    'target=',
    'target=nope',
    `target=${siteUrl}/&per-page=-1`,
    `target=${siteUrl}/&page=abc`,
    `target=${siteUrl}/&since=yesterday`,
    `target=${siteUrl}/&per-page=9999999999`,
  ]) {
    add({ name: `jf2 ?${query}`, method: 'GET', path: `/api/mentions.jf2?${query}` });
  }

  // wrong methods and routes
  for (const [method, path] of [
    ['DELETE', COMMENTS],
    ['PUT', '/api/webmention'],
    ['PATCH', `/api/posts/${SLUG}/conversation`],
    ['POST', `/api/posts/${SLUG}/conversation`],
    ['GET', '/api/nothing'],
    ['POST', '/api/health'],
  ] as const) {
    add({ name: `${method} ${path}`, method, path, headers: json, body: method === 'GET' ? undefined : '{}' });
  }

  // the author's login and forms, reached without a session
  add({ name: 'admin login as text', method: 'POST', path: '/admin/login', headers: { 'content-type': 'text/plain' }, body: 'token=x' });
  add({ name: 'admin login with a huge token', method: 'POST', path: '/admin/login', headers: form, body: `token=${'x'.repeat(60_000)}` });
  add({ name: 'admin action without a session', method: 'POST', path: `/admin/posts/${SLUG}/items/1/remove`, headers: form, body: '' });
  add({ name: 'admin summary without a session', method: 'GET', path: '/admin/api/summary' });

  // header abuse that still parses as HTTP
  add({
    name: 'two content types',
    method: 'POST',
    path: COMMENTS,
    headers: { 'content-type': 'application/json, text/plain' },
    body: '{"name":"n","body":"b"}',
  });
  add({
    name: 'garbage accept and charset',
    method: 'POST',
    path: COMMENTS,
    headers: { 'content-type': 'application/json; charset=ebcdic', accept: '*/*;q=abc' },
    body: '{"name":',
  });
  add({
    name: 'if-none-match of 8 KB',
    method: 'GET',
    path: `/api/posts/nope/conversation`,
    headers: { 'if-none-match': 'W/"x",'.repeat(1_200) },
  });
  add({
    name: 'gzip body that is not gzip',
    method: 'POST',
    path: COMMENTS,
    headers: { ...json, 'content-encoding': 'gzip' },
    body: '{"name":"n","body":"b"}',
  });
  return corpus;
}

/** Requests broken below HTTP's semantics, sent as raw bytes on a socket. */
export const RAW_REQUESTS: { name: string; bytes: string }[] = [
  {
    name: 'content-length larger than the body',
    bytes: `POST ${COMMENTS} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 500\r\nConnection: close\r\n\r\n{"name":"n"}`,
  },
  {
    name: 'content-length and chunked together',
    bytes: `POST ${COMMENTS} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n`,
  },
  {
    name: 'two content-lengths',
    bytes: `POST ${COMMENTS} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{}`,
  },
  {
    name: 'bad chunk size',
    bytes: `POST ${COMMENTS} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
  },
  {
    name: 'header with a newline inside',
    bytes: `GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Evil: a\rb\r\nConnection: close\r\n\r\n`,
  },
  { name: 'no host header', bytes: 'GET /api/health HTTP/1.1\r\nConnection: close\r\n\r\n' },
  { name: 'a host header of garbage', bytes: 'GET /api/posts/under-load/conversation HTTP/1.1\r\nHost: [[::\r\nConnection: close\r\n\r\n' },
  {
    name: 'header of 40 KB',
    bytes: `GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${'a'.repeat(40_000)}\r\nConnection: close\r\n\r\n`,
  },
  { name: 'unknown HTTP version', bytes: 'GET /api/health HTTP/7.0\r\nHost: 127.0.0.1\r\n\r\n' },
  { name: 'not HTTP at all', bytes: '\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003garbage\r\n\r\n' },
  {
    name: 'absolute-form URL to another host',
    bytes: 'GET http://evil.example/api/health HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n',
  },
  {
    name: 'a request line with spaces in the path',
    bytes: 'GET /api/posts/a b/conversation HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
  },
];
