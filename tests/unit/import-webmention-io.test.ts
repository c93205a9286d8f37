import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { readWebmentionIo } from '../../api/import/webmention-io.ts';
import { chunked, collect, fixture, items, skips } from './_import.ts';

const options = { siteUrl: 'http://127.0.0.1:4321' };

describe('reading webmention.io exports', () => {
  it('reads the JF2 feed: replies, likes, reposts, bookmarks and mentions, with their dates', async () => {
    const events = await collect(readWebmentionIo(chunked(fixture('webmention-io.jf2.json'), 61), options));
    const byId = new Map(items(events).map((item) => [item.key.id, item]));
    assert.deepEqual(
      [...byId.values()].map((item) => [item.key.id, item.kind]),
      [
        ['1007', 'reply'],
        ['1006', 'reply'],
        ['1005', 'mention'],
        ['1004', 'bookmark'],
        ['1003', 'repost'],
        ['1002', 'like'],
        ['1001', 'reply'],
      ],
    );
    const reply = byId.get('1001')!;
    assert.equal(reply.origin, 'webmention');
    assert.equal(reply.sourceUrl, 'https://grace.example/2021/03/01/reply');
    assert.equal(reply.post.url, 'https://old.example.org/2014/05/hello-world/');
    assert.deepEqual(reply.author, {
      name: 'Grace Hopper',
      url: 'https://grace.example/',
      email: null,
      photo: 'https://grace.example/g.jpg',
      isOwner: false,
    });
    assert.equal(byId.get('1007')?.published, '2021-03-07T17:00:00.000Z', 'offsets become UTC');
    assert.equal(byId.get('1004')?.published, '2021-03-04T09:00:00.000Z', 'no published date: the date received');
    assert.deepEqual(skips(events), ['a webmention of type "follow-of"', 'a private webmention']);
  });

  it('threads a reply whose target is a comment permalink under that comment', async () => {
    const byId = new Map(
      items(await collect(readWebmentionIo(chunked(fixture('webmention-io.jf2.json')), options))).map((item) => [item.key.id, item]),
    );
    assert.deepEqual(byId.get('1007')?.parent?.ids, [1], 'a comment of this site, by its id');
    const keys = byId.get('1006')?.parent?.keys ?? [];
    assert.ok(
      keys.some((key) => key.source === 'wordpress' && key.id === 'old.example.org/101'),
      'an imported WordPress comment',
    );
    assert.ok(
      keys.some((key) => key.source === 'disqus' && key.id === '101'),
      'or an imported Disqus comment',
    );
    assert.deepEqual(byId.get('1006')?.parent?.ids, [], 'another site’s #comment-101 is not this site’s comment 101');
    assert.equal(byId.get('1001')?.parent, null);
  });

  it('keeps a bridged entry’s link on its source, as receiving does', async () => {
    const byId = new Map(
      items(await collect(readWebmentionIo(chunked(fixture('webmention-io.jf2.json')), options))).map((item) => [item.key.id, item]),
    );
    assert.equal(byId.get('1003')?.url, byId.get('1003')?.sourceUrl);
    assert.equal(byId.get('1001')?.url, 'https://grace.example/2021/03/01/reply');
  });

  it('reads the JSON API answer, skipping what webmention.io never verified', async () => {
    const events = await collect(readWebmentionIo(chunked(fixture('webmention-io-api.json'), 45), options));
    const found = items(events);
    assert.deepEqual(
      found.map((item) => [item.key.id, item.kind]),
      [
        ['2002', 'like'],
        ['2001', 'reply'],
      ],
    );
    assert.equal(found[1]?.published, '2021-02-01T09:00:00.000Z');
    assert.equal(found[0]?.published, '2021-02-02T10:00:00.000Z', 'a like without a date: when it was verified');
    assert.deepEqual(skips(events), ['a webmention webmention.io had not verified']);
  });

  it('refuses JSON that is neither, or broken JSON', async () => {
    await assert.rejects(collect(readWebmentionIo(chunked('{"items": []}'), options)), /not a webmention.io export/);
    await assert.rejects(collect(readWebmentionIo(chunked('{"children": [{"wm-id": 1'), options)), /not valid JSON/);
  });
});
