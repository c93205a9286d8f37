import { ApiError, notFound } from '../core/errors.ts';
import { renderComment } from '../core/markdown.ts';
import { personKey } from '../core/thread.ts';
import { type Author, type Interaction, type InteractionStatus, REACTION_KINDS } from '../core/types.ts';
import { hostOf, isOnDomain } from '../core/urls.ts';
import { addBlock } from '../db/blocks.ts';
import { findInteraction, insertComment } from '../db/interactions.ts';
import { listEverything, markSpam, setStatus } from '../db/moderation.ts';
import { getSetting } from '../db/settings.ts';
import type { Services } from './context.ts';

export type ModerationAction = 'approve' | 'spam' | 'remove' | 'restore';

const NEXT_STATUS: Record<ModerationAction, InteractionStatus> = {
  approve: 'published',
  spam: 'spam',
  remove: 'removed',
  restore: 'published',
};

async function requireItem(services: Services, slug: string, id: number): Promise<Interaction> {
  const item = await findInteraction(services.db, slug, id);
  if (!item) throw notFound('Interaction');
  return item;
}

/** Approves, marks as spam, removes or restores one item; the public page follows. */
export async function moderate(services: Services, slug: string, id: number, action: ModerationAction): Promise<Interaction> {
  const item = await requireItem(services, slug, id);
  const status = NEXT_STATUS[action];
  const updated = await setStatus(services.db, slug, id, status, services.now());
  if (item.status === 'published' || status === 'published') services.onPublished(slug);
  return updated ?? item;
}

/** The domain an item is blocked by: its host without www. */
function domainOf(url: string | null): string {
  return hostOf(url).replace(/^www\./, '');
}

/**
 * Blocks the person behind an item (their website, else their name) or the domain it came from,
 * and marks everything they already sent as spam.
 */
export async function block(services: Services, slug: string, id: number, kind: 'person' | 'domain'): Promise<string> {
  const item = await requireItem(services, slug, id);
  if (item.author.isOwner) throw new ApiError(400, 'invalid_input', 'You cannot block yourself');
  const everything = await listEverything(services.db);
  let value: string;
  let matching: Interaction[];
  if (kind === 'person') {
    value = personKey(item);
    matching = everything.filter((other) => personKey(other) === value);
  } else {
    const host = domainOf(item.origin === 'webmention' ? item.url : item.author.url);
    if (!host) throw new ApiError(400, 'invalid_input', 'This item has no domain to block; block the person instead');
    value = host;
    const onHost = (url: string | null) => {
      const other = domainOf(url);
      return other !== '' && isOnDomain(other, [host]);
    };
    matching = everything.filter((other) => onHost(other.author.url) || onHost(other.sourceUrl));
  }
  await addBlock(services.db, kind, value, services.now());
  await markSpam(
    services.db,
    matching.filter((other) => !other.author.isOwner).map((other) => other.id),
    services.now(),
  );
  services.onPublished(slug);
  return value;
}

/** The site's author as the build announced it (name, website, photo). */
export async function owner(services: Services): Promise<Author> {
  const stored = await getSetting(services.db, 'owner');
  const parsed = stored ? (JSON.parse(stored) as { name: string; url: string; photo: string | null }) : null;
  return { name: parsed?.name ?? 'Author', url: parsed?.url ?? `${services.config.siteUrl}/`, photo: parsed?.photo ?? null, isOwner: true };
}

/**
 * Stores the author's answer under an item, published at once with the author badge. When the item
 * came as a webmention, a Webmention to its source is queued in the same transaction (from the
 * answer's permalink, sent once the answer is on its page).
 */
export async function answer(services: Services, slug: string, id: number, body: string): Promise<Interaction> {
  const item = await requireItem(services, slug, id);
  if (REACTION_KINDS.includes(item.kind)) throw new ApiError(400, 'invalid_input', 'Likes, reposts and bookmarks cannot be answered');
  const text = body.trim();
  if (!text) throw new ApiError(422, 'invalid_input', 'Your answer is empty', { body: 'Write an answer first' });
  if (text.length > 10_000) throw new ApiError(422, 'invalid_input', 'Your answer is too long', { body: 'At most 10,000 characters' });
  const me = await owner(services);
  const content = renderComment(text);
  const reply = await insertComment(
    services.db,
    {
      postSlug: slug,
      parentId: item.id,
      authorName: me.name,
      authorUrl: me.url,
      authorEmail: null,
      isOwner: true,
      html: content.html,
      text: content.text,
      notify: item.origin === 'webmention' ? [item.url] : [],
    },
    services.now(),
  );
  services.onPublished(slug);
  if (item.origin === 'webmention') services.onRepliesQueued();
  return reply;
}
