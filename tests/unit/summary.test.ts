import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { describeDuration, summarizeSite } from '../../api/core/summary.ts';
import type { Interaction, InteractionKind } from '../../api/core/types.ts';

const HOUR = 3_600_000;
const start = Date.parse('2026-06-01T08:00:00.000Z');

let nextId = 1;
function item(
  post: string,
  hours: number,
  who: { name: string; url?: string; owner?: boolean },
  options: { parent?: number; kind?: InteractionKind; origin?: 'comment' | 'webmention'; url?: string } = {},
): Interaction {
  const id = nextId++;
  const at = new Date(start + hours * HOUR).toISOString();
  return {
    id,
    postSlug: post,
    kind: options.kind ?? (options.parent ? 'reply' : 'comment'),
    origin: options.origin ?? 'comment',
    parentId: options.parent ?? null,
    author: { name: who.name, url: who.url ?? null, photo: null, isOwner: who.owner ?? false },
    content: { html: '', text: `message ${id}` },
    url: options.url ?? `https://blog.example/posts/${post}/#comment-${id}`,
    published: at,
    updated: null,
    received: at,
    sourceUrl: options.origin === 'webmention' ? (options.url ?? null) : null,
    status: 'published',
  };
}

const owner = { name: 'Robin', url: 'https://blog.example/', owner: true };
const ada = { name: 'Ada', url: 'https://ada.example/' };
const adaOnMastodon = { name: 'Ada L.', url: 'http://www.ada.example' };
const bo = { name: 'Bo' };
const cy = { name: 'Cy', url: 'https://cy.example/' };

// Post "a": three threads.
//  1 Ada asks (h0) -> owner answers (h2) -> Bo follows up (h5): waiting since h5
//  2 Bo asks (h1) -> owner answers (h4): answered
//  3 Ada, now via a webmention from Mastodon (h6): waiting since h6
//  plus a like from Cy, and a mention from a blog
const a1 = item('a', 0, ada);
const a2 = item('a', 2, owner, { parent: a1.id });
const a3 = item('a', 5, bo, { parent: a2.id });
const b1 = item('a', 1, bo);
const b2 = item('a', 4, owner, { parent: b1.id });
const c1 = item('a', 6, adaOnMastodon, { origin: 'webmention', kind: 'reply', url: 'https://mastodon.example/@ada/1' });
const like = item('a', 7, cy, { kind: 'like', origin: 'webmention', url: 'https://cy.example/likes/1' });
const mention = item(
  'a',
  8,
  { name: 'Dee', url: 'https://dee.example/' },
  { kind: 'mention', origin: 'webmention', url: 'https://dee.example/notes/1' },
);
// Post "b": Bo comes back; nobody answers him.
const other = item('b', 10, bo);

describe('summarizeSite', () => {
  const summaries = summarizeSite([a1, a2, a3, b1, b2, c1, like, mention, other]);
  const a = summaries.get('a')!;

  it('counts people once across comment and webmention, never the owner', () => {
    // Ada (comment and Mastodon), Bo, Cy, Dee
    assert.equal(a.people, 4);
  });

  it('counts returning people: those who also took part in another post', () => {
    assert.equal(a.returningPeople, 1, 'Bo also commented on post b');
    assert.equal(summaries.get('b')!.returningPeople, 1);
  });

  it('splits replies by origin and webmentions by source domain, reactions by kind', () => {
    assert.deepEqual(a.replies, { comments: 3, webmentions: 2, byDomain: { 'mastodon.example': 1, 'dee.example': 1 } });
    assert.deepEqual(a.reactions, { like: 1, repost: 0, bookmark: 0 });
  });

  it('counts threads and the deepest back-and-forth', () => {
    assert.equal(a.threads, 4, "Ada's, Bo's, the Mastodon reply and the mention");
    assert.equal(a.deepestThread, 3);
  });

  it('lists threads waiting for the author, oldest wait first, never a mention', () => {
    assert.deepEqual(
      a.waiting.map((thread) => [thread.rootId, thread.itemId, thread.since]),
      [
        [a1.id, a3.id, a3.published],
        [c1.id, c1.id, c1.published],
      ],
    );
  });

  it('gives the median time to a first answer', () => {
    // thread 1 answered after 2 h, thread 2 after 3 h
    assert.equal(a.medianFirstAnswerMs, 2.5 * HOUR);
    assert.equal(summaries.get('b')!.medianFirstAnswerMs, null);
  });

  it('knows the last activity', () => {
    assert.equal(a.lastActivity, mention.published);
  });
});

describe('imported conversations', () => {
  // years of comments from an old blog, one thread never answered there, then a new reader here
  const old = { ...item('c', 0, ada), imported: true };
  const oldReply = { ...item('c', 1, bo, { parent: old.id }), imported: true };
  const unanswered = { ...item('c', 2, cy), imported: true };
  const answer = { ...item('c', 3, owner, { parent: old.id }), imported: true };
  const fresh = item('c', 40, { name: 'Eve' }, { parent: unanswered.id });

  it('do not wait for the author: they were answered, or not, where they came from', () => {
    assert.deepEqual(summarizeSite([old, oldReply, unanswered, answer]).get('c')!.waiting, []);
  });

  it('wait again once a reader here joins their thread', () => {
    const waiting = summarizeSite([old, oldReply, unanswered, answer, fresh]).get('c')!.waiting;
    assert.deepEqual(
      waiting.map((thread) => [thread.rootId, thread.itemId]),
      [[unanswered.id, fresh.id]],
    );
  });
});

describe('describeDuration', () => {
  for (const [ms, text] of [
    [10_000, 'less than a minute'],
    [60_000, '1 minute'],
    [5 * HOUR, '5 hours'],
    [72 * HOUR, '3 days'],
  ] as const) {
    it(`says ${text}`, () => assert.equal(describeDuration(ms), text));
  }
});
