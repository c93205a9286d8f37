import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { ImportFormatError } from '../../api/import/records.ts';
import { readWordPress } from '../../api/import/wordpress.ts';
import { chunked, collect, fixture, items, skips } from './_import.ts';

describe('reading a WordPress export (WXR 1.2)', () => {
  it('reads every comment with its post, author, date and status, whatever the chunk size', async () => {
    for (const size of [31, 4096, 1_000_000]) {
      const events = await collect(readWordPress(chunked(fixture('wordpress.xml'), size)));
      assert.deepEqual(events[0], { type: 'origin', site: 'old.example.org' });
      const found = items(events);
      assert.deepEqual(
        found.map((item) => item.key.id),
        ['101', '102', '103', '104', '105', '106', '107', '110', '109', '201', '202', '301'].map((id) => `old.example.org/${id}`),
      );
      const first = found[0]!;
      assert.deepEqual(first.post, { url: 'https://old.example.org/2014/05/hello-world/', slugs: ['hello-world'] });
      assert.equal(first.author.name, 'Ada Lovelace');
      assert.equal(first.author.email, 'ada@example.com');
      assert.equal(first.author.url, 'https://ada.example/');
      assert.equal(first.published, '2014-05-02T09:15:00.000Z', 'the GMT date, not the local one');
      assert.equal(first.parent, null);
    }
  });

  it('threads replies by comment_parent and lets a reply listed before its parent wait for it', async () => {
    const found = items(await collect(readWordPress(chunked(fixture('wordpress.xml')))));
    const byId = new Map(found.map((item) => [item.key.id.split('/')[1], item]));
    assert.deepEqual(byId.get('102')?.parent, { keys: [{ source: 'wordpress', id: 'old.example.org/101' }], ids: [] });
    assert.deepEqual(byId.get('110')?.waitsFor, { source: 'wordpress', id: 'old.example.org/109' });
    assert.equal(byId.get('109')?.waitsFor, undefined);
  });

  it('keeps spam and unapproved comments as spam and pending, drops the trash with a reason', async () => {
    const events = await collect(readWordPress(chunked(fixture('wordpress.xml'))));
    const byId = new Map(items(events).map((item) => [item.key.id.split('/')[1], item]));
    assert.equal(byId.get('105')?.status, 'spam');
    assert.equal(byId.get('106')?.status, 'pending');
    assert.equal(byId.get('101')?.status, 'published');
    assert.deepEqual(skips(events), ['in the WordPress trash']);
  });

  it('reads pingbacks and trackbacks as mentions from their source page', async () => {
    const byId = new Map(
      items(await collect(readWordPress(chunked(fixture('wordpress.xml'))))).map((item) => [item.key.id.split('/')[1], item]),
    );
    for (const id of ['104', '202']) {
      const mention = byId.get(id)!;
      assert.equal(mention.kind, 'mention');
      assert.equal(mention.origin, 'webmention');
    }
    assert.equal(byId.get('104')?.sourceUrl, 'https://someone.example/2014/05/on-hello-worlds/');
    assert.equal(byId.get('104')?.author.url, 'https://someone.example/');
    assert.equal(byId.get('104')?.author.name, "Someone's blog » On hello worlds", 'WordPress names are HTML: read as text');
    assert.equal(byId.get('107')?.author.name, 'Mallory');
  });

  it('joins CDATA sections that WordPress split around "]]>" and keeps unicode intact', async () => {
    const byId = new Map(
      items(await collect(readWordPress(chunked(fixture('wordpress.xml'), 13)))).map((item) => [item.key.id.split('/')[1], item]),
    );
    const content = byId.get('103')?.content;
    assert.deepEqual(content, { format: 'comment-html', value: 'Ça marche très bien — 日本語も大丈夫 👍 and code: a[b[0]]> c' });
    assert.equal(byId.get('103')?.author.name, 'Zoë Ça-va');
  });

  it('refuses a file that is not a WordPress export, or not XML, naming the problem', async () => {
    await assert.rejects(collect(readWordPress(chunked('<disqus xmlns="http://disqus.com"></disqus>'))), /root is <disqus>, not <rss>/);
    await assert.rejects(
      collect(readWordPress(chunked('<rss version="2.0"><channel><link>https://x.example</link><item></item></channel></rss>'))),
      /no wp:wxr_version/,
    );
    await assert.rejects(collect(readWordPress(chunked('<rss><channel><item></channel></rss>'))), (error: Error) => {
      assert.ok(error instanceof ImportFormatError);
      assert.match(error.message, /not well-formed XML: .*1:\d+/);
      return true;
    });
  });
});
