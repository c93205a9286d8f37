import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { ApiError } from '../core/errors.ts';
import { type Interaction, type InteractionKind, REACTION_KINDS } from '../core/types.ts';
import { listPublished } from '../db/interactions.ts';
import { findPublishedPostByUrl } from '../db/posts.ts';
import type { Services } from '../services/context.ts';
import { postUrlOf } from '../webmention/receive.ts';

const PROPERTY: Record<InteractionKind, string> = {
  comment: 'in-reply-to',
  reply: 'in-reply-to',
  like: 'like-of',
  repost: 'repost-of',
  bookmark: 'bookmark-of',
  mention: 'mention-of',
};

/** One interaction as a webmention.io JF2 entry, so existing widgets can show it. */
function toEntry(interaction: Interaction, target: string) {
  const property = PROPERTY[interaction.kind];
  const isReaction = REACTION_KINDS.includes(interaction.kind);
  return {
    type: 'entry',
    author: { type: 'card', name: interaction.author.name, photo: interaction.author.photo ?? '', url: interaction.author.url ?? '' },
    url: interaction.url,
    published: interaction.published,
    'wm-received': interaction.received,
    'wm-id': interaction.id,
    'wm-source': interaction.sourceUrl ?? interaction.url,
    'wm-target': target,
    'wm-property': property,
    'wm-private': false,
    ...(isReaction ? {} : { content: { html: interaction.content.html, text: interaction.content.text } }),
    [property]: target,
  };
}

function count(raw: string | undefined, name: string, fallback: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,6}$/.test(raw))
    throw new ApiError(400, 'invalid_input', `${name} must be a whole number`, { [name]: 'must be a whole number' });
  return Math.min(Number(raw), max);
}

/** GET /mentions.jf2?target=URL: the whole conversation of a post, comments included, as JF2. */
export function jf2Routes(services: Services): Hono {
  const app = new Hono();
  app.use('/mentions.jf2', cors({ origin: '*', allowMethods: ['GET'] }));
  app.get('/mentions.jf2', async (c) => {
    const target = c.req.query('target');
    if (!target || !URL.canParse(target))
      throw new ApiError(400, 'invalid_input', 'target must be the URL of a post', { target: 'must be the URL of a post' });
    const perPage = Math.max(1, count(c.req.query('per-page'), 'per-page', 20, 100));
    const page = count(c.req.query('page'), 'page', 0, 1_000_000);
    const since = c.req.query('since');
    if (since && Number.isNaN(Date.parse(since)))
      throw new ApiError(400, 'invalid_input', 'since must be a date', { since: 'must be an ISO 8601 date' });
    const sortUp = c.req.query('sort-dir') === 'up';
    const post = await findPublishedPostByUrl(services.db, postUrlOf(new URL(target)));
    let interactions = post ? await listPublished(services.db, post.slug) : [];
    if (since) interactions = interactions.filter((interaction) => Date.parse(interaction.received) > Date.parse(since));
    interactions.sort((a, b) => (sortUp ? 1 : -1) * (a.received.localeCompare(b.received) || a.id - b.id));
    const children = interactions
      .slice(page * perPage, (page + 1) * perPage)
      .map((interaction) => toEntry(interaction, post?.url ?? target));
    return c.json({ type: 'feed', name: post ? `Conversation on ${post.title}` : 'Webmentions', children }, 200, {
      'Cache-Control': 'no-cache',
    });
  });
  return app;
}
