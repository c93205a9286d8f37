import assert from 'node:assert/strict';
import { describe, it } from 'vitest';
import { buildConversation, personKey, summarize } from '../../api/core/thread.ts';
import type { Interaction, InteractionKind } from '../../api/core/types.ts';

const post = { slug: 'p', url: 'https://blog.example/posts/p/', title: 'P' };

function make(
  id: number,
  parentId: number | null,
  name: string,
  extra: Partial<Interaction> & { kind?: InteractionKind } = {},
): Interaction {
  return {
    id,
    postSlug: 'p',
    kind: parentId === null ? 'comment' : 'reply',
    origin: 'comment',
    parentId,
    author: { name, url: null, photo: null, isOwner: false },
    content: { html: `<p>${id}</p>`, text: String(id) },
    url: `${post.url}#comment-${id}`,
    published: `2026-05-01T10:${String(id).padStart(2, '0')}:00.000Z`,
    updated: null,
    received: `2026-05-01T10:${String(id).padStart(2, '0')}:00.000Z`,
    sourceUrl: null,
    status: 'published',
    ...extra,
  };
}

describe('buildConversation', () => {
  it('nests replies under their parents at any depth, oldest first', () => {
    const conversation = buildConversation(post, [
      make(4, 2, 'D'),
      make(1, null, 'A'),
      make(2, 1, 'B'),
      make(3, null, 'C'),
      make(5, 1, 'E'),
    ]);
    assert.deepEqual(
      conversation.items.map((item) => item.id),
      [1, 3],
    );
    assert.deepEqual(
      conversation.items[0]?.children.map((item) => item.id),
      [2, 5],
    );
    assert.deepEqual(
      conversation.items[0]?.children[0]?.children.map((item) => item.id),
      [4],
    );
  });

  it('keeps 200 levels of depth in the data', () => {
    const chain = Array.from({ length: 200 }, (_, i) => make(i + 1, i === 0 ? null : i, `P${i}`));
    let depth = 0;
    let level = buildConversation(post, chain).items;
    while (level.length) {
      depth += 1;
      level = level[0]?.children ?? [];
    }
    assert.equal(depth, 200);
  });

  it('shows a reply whose parent is missing at the top level instead of losing it', () => {
    const conversation = buildConversation(post, [make(7, 3, 'Orphan')]);
    assert.deepEqual(
      conversation.items.map((item) => item.id),
      [7],
    );
  });

  it('never lets a cycle in bad data hide items', () => {
    const conversation = buildConversation(post, [make(1, 2, 'A'), make(2, 1, 'B')]);
    const all = JSON.stringify(conversation.items);
    assert.match(all, /"id":1/);
    assert.match(all, /"id":2/);
  });

  it('keeps reactions out of the thread', () => {
    const conversation = buildConversation(post, [make(1, null, 'A'), make(2, null, 'Fan', { kind: 'like', origin: 'webmention' })]);
    assert.deepEqual(
      conversation.items.map((item) => item.id),
      [1],
    );
    assert.deepEqual(
      conversation.reactions.map((item) => item.id),
      [2],
    );
  });
});

describe('summarize', () => {
  it('counts people once across names and website spellings, never the owner', () => {
    const summary = summarize([
      make(1, null, 'Ada', { author: { name: 'Ada', url: 'https://ada.example/', photo: null, isOwner: false } }),
      make(2, 1, 'Ada L.', { author: { name: 'Ada L.', url: 'https://ADA.example', photo: null, isOwner: false } }),
      make(3, 1, 'Owner', { author: { name: 'Owner', url: null, photo: null, isOwner: true } }),
      make(4, null, 'bo'),
      make(5, null, 'Bo '),
      make(6, null, 'Fan', { kind: 'like' }),
    ]);
    assert.equal(summary.people, 3);
    assert.equal(summary.replies, 5);
    assert.equal(summary.reactions, 1);
    assert.equal(summary.lastActivity, '2026-05-01T10:06:00.000Z');
  });

  it('is empty for no interactions', () => {
    assert.deepEqual(summarize([]), { people: 0, replies: 0, reactions: 0, lastActivity: null });
  });

  it('keys a person by website when given', () => {
    assert.equal(
      personKey(make(1, null, 'X', { author: { name: 'X', url: 'https://x.example/', photo: null, isOwner: false } })),
      'url:x.example',
    );
  });
});

describe('the thread renderer', async () => {
  const { escapeHtml, formatDate, renderThread } = await import('../../api/core/render-thread.ts');
  it('escapes what needs escaping and leaves the rest as is', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    assert.equal(escapeHtml('plain text'), 'plain text');
  });
  it('formats dates the same way whatever the locale, in UTC', () => {
    assert.equal(formatDate('2026-11-22T23:59:00.000Z'), 'Nov 22, 2026');
    assert.equal(formatDate('not a date'), 'not a date');
  });
  it('names the source host of a webmention', () => {
    const html = renderThread(
      [
        {
          ...buildConversation(post, [
            make(1, null, 'W', { origin: 'webmention', kind: 'reply', url: 'https://User@Social.Example:8443/@w/1' }),
          ]).items[0]!,
        },
      ],
      { slug: 'p', apiBase: '/api', postUrl: post.url },
    );
    assert.match(html, />social\.example<\/a>/);
  });
});
