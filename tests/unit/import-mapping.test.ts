import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { anchorKeys, isoDate } from '../../api/import/fields.ts';
import { createPostMatcher, urlKey } from '../../api/import/post-map.ts';
import { isOwnerAuthor, prepareItem } from '../../api/import/prepare.ts';
import type { ImportItem } from '../../api/import/records.ts';

const POSTS = [
  { slug: 'hello-world', url: 'https://new.example/posts/hello-world/' },
  { slug: 'second-post', url: 'https://new.example/posts/second-post/' },
  { slug: 'cafe', url: 'https://new.example/posts/cafe/' },
];

describe('finding the Parley post of an old page', () => {
  const cases: [string, { url: string | null; slugs: string[] }, ConstructorParameters<typeof RegExp>[0] | null, string][] = [
    ['the last segment of the old path', { url: 'https://old.example/2014/05/hello-world/', slugs: [] }, null, 'hello-world'],
    ['an .html page name', { url: 'https://old.example/2016/03/second-post.html', slugs: [] }, null, 'second-post'],
    ['a percent-encoded segment', { url: 'https://old.example/caf%65/', slugs: [] }, null, 'cafe'],
    ['the old slug when the URL says nothing', { url: 'https://old.example/?p=12', slugs: ['second-post'] }, null, 'second-post'],
    ['the same address as a Parley post', { url: 'http://www.new.example/posts/cafe', slugs: ['other'] }, null, 'cafe'],
    ['the rule’s first group', { url: 'https://old.example/blog/entry/second-post/comments', slugs: [] }, '/entry/([^/]+)/', 'second-post'],
    [
      'the rule’s group named slug',
      { url: 'https://old.example/p/hello-world.aspx', slugs: [] },
      '/p/(?<slug>[^.]+)\\.aspx$',
      'hello-world',
    ],
    ['a case-insensitive slug', { url: 'https://old.example/Hello-World/', slugs: [] }, null, 'hello-world'],
  ];
  for (const [name, hint, rule, slug] of cases) {
    it(name, () => {
      const matcher = createPostMatcher(POSTS, rule ? { rule: new RegExp(rule) } : {});
      assert.deepEqual(matcher.match(hint), { slug });
    });
  }

  it('uses the URL table first, whatever scheme, www or trailing slash the table was written with', () => {
    const matcher = createPostMatcher(POSTS, {
      table: [
        ['http://www.old.example/?p=12', 'hello-world'],
        ['https://old.example/bonjour/', 'second-post'],
      ],
    });
    assert.deepEqual(matcher.match({ url: 'https://old.example/?p=12', slugs: ['second-post'] }), { slug: 'hello-world' });
    assert.deepEqual(matcher.match({ url: 'http://old.example/bonjour#comment-4', slugs: [] }), { slug: 'second-post' });
    assert.equal(urlKey('https://WWW.Old.example/a/b/#frag'), 'old.example/a/b');
  });

  it('says which page has no post, and takes posts added on the way', () => {
    const matcher = createPostMatcher(POSTS);
    assert.deepEqual(matcher.match({ url: 'https://old.example/about/#comment-3', slugs: [] }), { missing: 'https://old.example/about/' });
    matcher.add({ slug: 'about', url: 'https://new.example/posts/about/' });
    assert.deepEqual(matcher.match({ url: 'https://old.example/about/', slugs: [] }), { slug: 'about' });
  });
});

describe('import fields', () => {
  it('reads the dates old systems write as UTC', () => {
    assert.equal(isoDate('2014-05-02 09:15:00'), '2014-05-02T09:15:00.000Z');
    assert.equal(isoDate('2012-12-12T12:12:12'), '2012-12-12T12:12:12.000Z');
    assert.equal(isoDate('2021-03-07T12:00:00-05:00'), '2021-03-07T17:00:00.000Z');
    assert.equal(isoDate('0000-00-00 00:00:00'), null);
    assert.equal(isoDate('yesterday'), null);
  });

  it('names the imported comments a #comment-N permalink may mean', () => {
    assert.deepEqual(
      anchorKeys('https://www.old.example/blog/post/#comment-12').map((key) => `${key.source}:${key.id}`),
      ['wordpress:old.example/12', 'wordpress:old.example/blog/12', 'wordpress:old.example/blog/post/12', 'disqus:12'],
    );
    assert.deepEqual(anchorKeys('https://old.example/post/'), []);
  });
});

const item = (author: Partial<ImportItem['author']>, extra: Partial<ImportItem> = {}): ImportItem => ({
  type: 'item',
  key: { source: 'wordpress', id: 'old.example/1' },
  post: { url: 'https://old.example/hello-world/', slugs: [] },
  parent: null,
  kind: 'comment',
  origin: 'comment',
  author: { name: 'Someone', url: null, email: null, photo: null, isOwner: false, ...author },
  content: { format: 'comment-html', value: 'Hello' },
  published: '2014-01-01T00:00:00.000Z',
  updated: null,
  received: '2014-01-01T00:00:00.000Z',
  status: 'published',
  sourceUrl: null,
  url: null,
  ...extra,
});

describe('preparing an imported item', () => {
  const context = {
    match: createPostMatcher(POSTS),
    ownerIds: ['Maya@Old.example', 'https://old.example/'],
    owner: { name: 'Maya Writer', url: 'https://new.example/', photo: null },
    blocks: { domains: ['spam.example'], people: ['name:troll'] },
  };

  it('makes the author’s old comments owner answers, by email or website', () => {
    assert.ok(isOwnerAuthor(item({ email: 'maya@old.example' }).author, context.ownerIds));
    assert.ok(isOwnerAuthor(item({ url: 'http://www.old.example' }).author, context.ownerIds));
    assert.ok(!isOwnerAuthor(item({ url: 'https://old.example.net/' }).author, context.ownerIds));
    const prepared = prepareItem(item({ name: 'maya', email: 'maya@old.example' }), context);
    assert.ok('row' in prepared);
    assert.deepEqual(prepared.row.author, { name: 'Maya Writer', url: 'https://new.example/', photo: null, email: null, isOwner: true });
  });

  it('marks blocked people and domains as spam', () => {
    for (const blocked of [item({ name: 'Troll' }), item({ url: 'https://www.spam.example/me' })]) {
      const prepared = prepareItem(blocked, context);
      assert.ok('row' in prepared);
      assert.equal(prepared.row.status, 'spam');
    }
  });

  it('skips an item on a page Parley has no post for, and an empty comment, saying why', () => {
    assert.deepEqual(prepareItem(item({}, { post: { url: 'https://old.example/nope/', slugs: [] } }), context), {
      skip: 'no Parley post for the page it was on',
      missingPost: 'https://old.example/nope/',
    });
    assert.deepEqual(prepareItem(item({}, { content: { format: 'comment-html', value: '<script>x</script>' } }), context), {
      skip: 'empty',
    });
  });
});
