import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { readDisqus } from '../../api/import/disqus.ts';
import { chunked, collect, fixture, items, skips } from './_import.ts';

describe('reading a Disqus export', () => {
  it('reads every post with its thread link, author and date', async () => {
    const found = items(await collect(readDisqus(chunked(fixture('disqus.xml')))));
    assert.deepEqual(
      found.map((item) => item.key.id),
      ['9001', '9002', '9003', '9004', '9005', '9006', '9007', '9008', '9010', '9009'],
    );
    const first = found[0]!;
    assert.equal(first.key.source, 'disqus');
    assert.deepEqual(first.post, { url: 'https://blog.example.net/posts/hello-world/', slugs: [] });
    assert.deepEqual(first.author, { name: 'Ada Lovelace', url: null, email: 'ada@example.com', photo: null, isOwner: false });
    assert.equal(first.published, '2016-02-02T08:00:00.000Z');
    assert.deepEqual(first.content, {
      format: 'comment-html',
      value: '<p>Finally a blog with <b>comments</b> that thread.</p><p>Second paragraph &amp; more.</p>',
    });
  });

  it('threads posts by their parent, and an answer listed before its parent waits for it', async () => {
    const byId = new Map(items(await collect(readDisqus(chunked(fixture('disqus.xml'), 53)))).map((item) => [item.key.id, item]));
    assert.deepEqual(byId.get('9002')?.parent, { keys: [{ source: 'disqus', id: '9001' }], ids: [] });
    assert.deepEqual(byId.get('9010')?.waitsFor, { source: 'disqus', id: '9009' });
    assert.equal(byId.get('9001')?.parent, null);
  });

  it('keeps spam as spam and deleted posts out of sight, and names an anonymous guest', async () => {
    const byId = new Map(items(await collect(readDisqus(chunked(fixture('disqus.xml'))))).map((item) => [item.key.id, item]));
    assert.equal(byId.get('9004')?.status, 'spam');
    assert.equal(byId.get('9005')?.status, 'removed');
    assert.equal(byId.get('9006')?.status, 'published');
    assert.equal(byId.get('9003')?.author.name, 'Guest');
    assert.equal(byId.get('9003')?.author.email, null);
    assert.equal(byId.get('9007')?.author.name, 'Mallory <script>', 'XML entities decoded; the import turns names into text');
  });

  it('reports a post whose thread is not in the file', async () => {
    assert.deepEqual(skips(await collect(readDisqus(chunked(fixture('disqus.xml'))))), ['a post whose thread is not in the file']);
  });

  it('refuses a file that is not a Disqus export', async () => {
    await assert.rejects(collect(readDisqus(chunked('<rss version="2.0"></rss>'))), /not a Disqus export: the root is <rss>/);
  });
});
