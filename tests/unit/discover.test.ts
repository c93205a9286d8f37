import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { discoverEndpoint, hasWebmentionRel, webmentionElement, webmentionLinks } from '../../api/webmention/discover.ts';
import { caseBody, caseHeaders, DISCOVERY_CASES } from '../fixtures/discovery/cases.ts';

const BASE = 'https://webmention.rocks';

function headers(pairs: [string, string][]): Headers {
  const result = new Headers();
  for (const [name, value] of pairs) result.append(name, value);
  return result;
}

describe('endpoint discovery: the webmention.rocks cases', () => {
  for (const testCase of DISCOVERY_CASES) {
    it(`#${testCase.n} ${testCase.title}`, () => {
      const found = discoverEndpoint({
        url: `${BASE}${testCase.redirectTo ?? testCase.path}`,
        headers: headers(caseHeaders(testCase, BASE)),
        contentType: 'text/html',
        body: caseBody(testCase.n, BASE),
      });
      assert.equal(found?.url, `${BASE}${testCase.endpoint}`);
    });
  }
});

describe('endpoint discovery', () => {
  const page = (body: string, link: string | null = null, contentType = 'text/html') => ({
    url: 'https://example.org/posts/a',
    headers: headers(link ? [['Link', link]] : []),
    contentType,
    body,
  });

  it('prefers the Link header to the document, and says where it found the endpoint', () => {
    const found = discoverEndpoint(page('<link rel="webmention" href="/from-html">', '</from-header>; rel="webmention"'));
    assert.deepEqual(found, { url: 'https://example.org/from-header', via: 'header' });
    assert.deepEqual(discoverEndpoint(page('<a rel="webmention" href="/from-a">x</a>')), { url: 'https://example.org/from-a', via: 'a' });
  });

  it('reads only the Link header of a page that is not HTML', () => {
    assert.equal(discoverEndpoint(page('<link rel="webmention" href="/x">', null, 'application/json')), null);
    assert.equal(discoverEndpoint(page('', '</wm>; rel=webmention', 'image/png'))?.url, 'https://example.org/wm');
  });

  it('reads a page served without a type as HTML', () => {
    assert.equal(discoverEndpoint(page('<link rel="webmention" href="/x">', null, ''))?.url, 'https://example.org/x');
  });

  it('finds nothing where there is nothing, which is not an error', () => {
    assert.equal(discoverEndpoint(page('<p>No endpoint here. <a href="/webmention">A plain link</a></p>')), null);
    assert.equal(discoverEndpoint(page('')), null);
  });

  it('ignores markup in scripts, styles, comments and text', () => {
    const hidden = [
      `<script>document.write('<link rel="webmention" href="/script">')</script>`,
      '<style>/* <link rel="webmention" href="/style"> */</style>',
      '<!-- <a rel="webmention" href="/comment">x</a> -->',
      '<textarea><link rel="webmention" href="/textarea"></textarea>',
      '<p>&lt;link rel="webmention" href="/escaped"&gt;</p>',
    ].join('\n');
    assert.equal(webmentionElement(hidden), null);
    assert.equal(discoverEndpoint(page(`${hidden}<link rel="webmention" href="/real">`))?.url, 'https://example.org/real');
  });

  it('decodes entities in an href and keeps the query', () => {
    assert.equal(discoverEndpoint(page('<link rel="webmention" href="/wm?a=1&amp;b=2">'))?.url, 'https://example.org/wm?a=1&b=2');
  });

  it('reads rel values as a case-insensitive list of words', () => {
    assert.equal(hasWebmentionRel('webmention'), true);
    assert.equal(hasWebmentionRel('WebMention'), true);
    assert.equal(hasWebmentionRel('me\twebmention\nother'), true);
    assert.equal(hasWebmentionRel('not-webmention'), false);
    assert.equal(hasWebmentionRel('webmentions'), false);
    assert.equal(hasWebmentionRel(''), false);
    assert.equal(hasWebmentionRel(undefined), false);
  });
});

describe('Link header parsing', () => {
  const cases: [string, string | null, string[]][] = [
    ['an unquoted rel', '</wm>; rel=webmention', ['/wm']],
    ['a quoted rel with several values', '<https://a.example/wm>; rel="other webmention"', ['https://a.example/wm']],
    ['parameter names in any case', '</wm>; REL="WebMention"', ['/wm']],
    ['several links, in order', '</one>; rel="other", </two>; rel="webmention", </three>; rel=webmention', ['/two', '/three']],
    ['header lines joined by a comma', '</a>; rel=other, </b>; rel="webmention"', ['/b']],
    ['a comma inside the URL', '</wm?a=1,2>; rel=webmention', ['/wm?a=1,2']],
    ['commas and semicolons inside a quoted parameter', '</wm>; title="a, b; rel=other"; rel=webmention', ['/wm']],
    ['only the first rel of a link', '</wm>; rel=other; rel=webmention', []],
    ['no webmention link', '</feed>; rel=alternate', []],
    ['an empty header', '', []],
    ['no header', null, []],
    ['a header that does not parse', 'this is not a link header', []],
  ];
  for (const [label, header, expected] of cases) {
    it(`handles ${label}`, () => assert.deepEqual(webmentionLinks(header), expected));
  }
});
