/**
 * Decides, purely, what one imported item becomes: its post, its author (the site's owner when
 * the author's email or website says so), its safe content and its status (a blocked person or
 * domain makes it spam) — or why it is skipped.
 */
import { personKey } from '../core/thread.ts';
import { type InteractionKind, type InteractionStatus, type Origin, REACTION_KINDS } from '../core/types.ts';
import { hostOf, isOnDomain } from '../core/urls.ts';
import { importedContent } from './content.ts';
import { siteKey } from './fields.ts';
import type { PostMatcher } from './post-map.ts';
import type { ImportItem, ImportKey, ParentRef } from './records.ts';

export interface OwnerIdentity {
  name: string;
  url: string | null;
  photo: string | null;
}

export interface PrepareContext {
  match: PostMatcher;
  /** The author's old emails and websites (`--owner`): their comments become owner answers. */
  ownerIds: string[];
  /** Who owner answers are shown as: the site's author, as the build announced them. */
  owner: OwnerIdentity | null;
  blocks: { domains: string[]; people: string[] };
}

/** A row ready for the database. */
export interface PreparedRow {
  key: ImportKey;
  /** The id to keep, when the import keeps ids. */
  id: number | null;
  slug: string;
  parent: ParentRef | null;
  kind: InteractionKind;
  /** `comment` becomes `reply` when the parent is found. */
  deriveKind: boolean;
  origin: Origin;
  author: { name: string; url: string | null; photo: string | null; email: string | null; isOwner: boolean };
  html: string;
  text: string;
  published: string;
  updated: string | null;
  received: string;
  status: InteractionStatus;
  sourceUrl: string | null;
  url: string | null;
}

export type Prepared = { row: PreparedRow } | { skip: string; missingPost?: string };

/** Matches the author of an old comment against `--owner` values: emails, or website addresses. */
export function isOwnerAuthor(author: ImportItem['author'], ownerIds: string[]): boolean {
  const email = author.email?.toLowerCase();
  const site = author.url && URL.canParse(author.url) ? siteKey(author.url) : null;
  return ownerIds.some((id) =>
    id.includes('@') && !id.includes('/') ? id.toLowerCase() === email : site !== null && URL.canParse(id) && siteKey(id) === site,
  );
}

function isBlocked(item: ImportItem, blocks: PrepareContext['blocks']): boolean {
  const person = personKey({ author: { name: item.author.name, url: item.author.url, photo: null, isOwner: false } });
  if (blocks.people.includes(person)) return true;
  return [item.author.url, item.sourceUrl].some((url) => {
    const host = hostOf(url).replace(/^www\./, '');
    return host !== '' && isOnDomain(host, blocks.domains);
  });
}

export function prepareItem(item: ImportItem, context: PrepareContext): Prepared {
  const match =
    item.slug !== undefined
      ? context.match.has(item.slug)
        ? { slug: item.slug }
        : { missing: item.slug }
      : context.match.match(item.post);
  if ('missing' in match) return { skip: 'no Parley post for the page it was on', missingPost: match.missing };
  const content = importedContent(item.content);
  if (!content.html && !REACTION_KINDS.includes(item.kind)) return { skip: 'empty' };
  // a Parley export says who the owner was; elsewhere the --owner addresses decide
  const isOwner = item.exact ? item.author.isOwner : isOwnerAuthor(item.author, context.ownerIds);
  const asOwner = isOwner && !item.exact && context.owner;
  const name = item.exact ? item.author.name : item.author.name.trim().slice(0, 200) || 'Anonymous';
  const author = asOwner
    ? {
        name: context.owner?.name ?? name,
        url: context.owner?.url ?? null,
        photo: context.owner?.photo ?? null,
        email: null,
        isOwner,
      }
    : { name, url: item.author.url, photo: item.author.photo, email: item.author.email, isOwner };
  const blocked = !item.exact && !isOwner && item.status !== 'removed' && isBlocked(item, context.blocks);
  return {
    row: {
      key: item.key,
      id: item.id ?? null,
      slug: match.slug,
      parent: item.parent,
      kind: item.kind,
      deriveKind: item.kind === 'comment' && !item.exact,
      origin: item.origin,
      author,
      html: content.html,
      text: content.text,
      published: item.published,
      updated: item.updated,
      received: item.received,
      status: blocked ? 'spam' : item.status,
      sourceUrl: item.sourceUrl,
      url: item.url,
    },
  };
}
