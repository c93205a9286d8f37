import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { NewComment } from '../../api/db/interactions.ts';
import { rateLimitHit } from '../../api/db/rate-limits.ts';
import { commentWriterFor } from '../../api/services/comment-writer.ts';
import { countRows, startTestServer, type TestServer } from './_setup.ts';

const comment = (postSlug: string, text: string): NewComment => ({
  postSlug,
  parentId: null,
  authorName: 'Group',
  authorUrl: null,
  authorEmail: null,
  html: `<p>${text}</p>`,
  text,
});

describe('comments written in one turn share one commit', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const write = (postSlug: string, text: string, key: string, max = 100) =>
    commentWriterFor(t.db).write({
      comment: comment(postSlug, text),
      hit: rateLimitHit(key, { max, windowSeconds: 600 }),
      now: new Date(),
    });

  it('stores every comment of a group, each with its own id, and counts the limit in order', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, (_, n) => write('hello-world', `group ${n}`, 'same-client', 4)));
    assert.deepEqual(
      results.map((result) => result.id !== null),
      [true, true, true, true, false, false],
      'the fifth and sixth are over the limit',
    );
    assert.deepEqual(
      results.map((result) => result.limit.hits),
      [1, 2, 3, 4, 5, 6],
    );
    assert.equal(new Set(results.map((result) => result.id)).size, 5);
    assert.equal(await countRows(t.db, "SELECT count(*) AS n FROM interactions WHERE content_text LIKE 'group %'"), 4);
  });

  it('lets one failing comment fail alone: the rest of its group is stored', async () => {
    const results = await Promise.allSettled([
      write('hello-world', 'alone 1', 'a'),
      write('no-such-post', 'alone 2', 'b'),
      write('second-post', 'alone 3', 'c'),
    ]);
    assert.deepEqual(
      results.map((result) => result.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.equal(await countRows(t.db, "SELECT count(*) AS n FROM interactions WHERE content_text LIKE 'alone %'"), 2);
  });

  it("queues a reply's Webmentions with it, and none for a comment the limit refused", async () => {
    const notify = (text: string) => ({ ...comment('hello-world', text), notify: ['https://site.example/a', 'https://site.example/b'] });
    const hit = () => rateLimitHit('notifier', { max: 2, windowSeconds: 600 });
    const results = await Promise.all(
      ['notify 1', 'notify 2', 'notify 3'].map((text) =>
        commentWriterFor(t.db).write({ comment: notify(text), hit: hit(), now: new Date() }),
      ),
    );
    assert.deepEqual(
      results.map((result) => result.id !== null),
      [true, true, false],
    );
    const queued = await t.db.execute('SELECT interaction_id, target FROM reply_webmentions ORDER BY id');
    assert.deepEqual(
      queued.rows.map((row) => [Number(row.interaction_id), String(row.target)]),
      results.slice(0, 2).flatMap((result) => [
        [result.id, 'https://site.example/a'],
        [result.id, 'https://site.example/b'],
      ]),
    );
  });
});
