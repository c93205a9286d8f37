/**
 * Reads a WordPress export (WXR 1.0 to 1.2: RSS 2.0 with the wp: namespace) into import events:
 * every <wp:comment> of every <item>, with its post's link and slug for mapping. Comments come
 * out as they are read; post bodies are never held.
 */
import { textOf } from './content.ts';
import { httpUrl, isoDate, siteKey } from './fields.ts';
import { type ImportEvent, ImportFormatError, type ImportItem } from './records.ts';
import { xmlEvents } from './xml.ts';

const isWp = (ns: string) => ns.startsWith('http://wordpress.org/export/');

/** Item fields used for mapping; the channel's link and base URL name the blog. */
const ITEM_FIELDS = new Set(['link', 'post_name']);
const CHANNEL_FIELDS = new Set(['link', 'base_blog_url', 'base_site_url', 'wxr_version']);

type Fields = Record<string, string>;

const STATUS: Record<string, ImportItem['status']> = { '1': 'published', '0': 'pending', spam: 'spam' };

function commentEvent(site: string, item: Fields, comment: Fields): ImportEvent {
  const id = comment.comment_id?.trim();
  if (!id) return { type: 'skip', reason: 'a comment without wp:comment_id' };
  const approved = comment.comment_approved?.trim() ?? '1';
  if (approved === 'trash' || approved === 'post-trashed') return { type: 'skip', reason: 'in the WordPress trash' };
  const status = STATUS[approved];
  if (!status) return { type: 'skip', reason: `comment status "${approved}"` };
  const published = isoDate(comment.comment_date_gmt) ?? isoDate(comment.comment_date);
  if (!published) return { type: 'skip', reason: 'a comment without a date' };
  const type = comment.comment_type?.trim() || 'comment';
  const authorUrl = httpUrl(comment.comment_author_url);
  const base = {
    type: 'item' as const,
    key: { source: 'wordpress' as const, id: `${site}/${id}` },
    post: { url: httpUrl(item.link), slugs: item.post_name?.trim() ? [item.post_name.trim()] : [] },
    content: { format: 'comment-html' as const, value: comment.comment_content ?? '' },
    published,
    updated: null,
    received: published,
    status,
  };
  // WordPress keeps names as HTML (pingback titles arrive as "Blog &raquo; Post"): Parley keeps text
  const name = textOf(comment.comment_author ?? '') || 'Anonymous';
  if (type === 'pingback' || type === 'trackback') {
    // the linking page is the source; WordPress keeps its title as the "author"
    if (!authorUrl) return { type: 'skip', reason: `a ${type} without a source URL` };
    return {
      ...base,
      parent: null,
      kind: 'mention',
      origin: 'webmention',
      author: { name, url: `${new URL(authorUrl).origin}/`, email: null, photo: null, isOwner: false },
      sourceUrl: authorUrl,
      url: authorUrl,
    };
  }
  if (type !== 'comment') return { type: 'skip', reason: `comment type "${type}"` };
  const parent = comment.comment_parent?.trim();
  const parentKey = parent && parent !== '0' ? { source: 'wordpress' as const, id: `${site}/${parent}` } : null;
  return {
    ...base,
    parent: parentKey ? { keys: [parentKey], ids: [] } : null,
    ...(parentKey ? { waitsFor: parentKey } : {}),
    kind: 'comment',
    origin: 'comment',
    author: { name, url: authorUrl, email: comment.comment_author_email?.trim() || null, photo: null, isOwner: false },
    sourceUrl: null,
    url: null,
  };
}

/** The RSS <link> has no namespace; the others are WordPress's (an atom:link must not count). */
function fieldName(name: string, ns: string, fields: Set<string>): string | null {
  if (!fields.has(name)) return null;
  return (name === 'link' ? ns === '' : isWp(ns)) ? name : null;
}

/**
 * @example for await (const event of readWordPress(chunks)) …
 */
export async function* readWordPress(chunks: AsyncIterable<string>): AsyncGenerator<ImportEvent> {
  const channel: Fields = {};
  let item: Fields | null = null;
  let comment: Fields | null = null;
  let site: string | null = null;
  // comments read before their item's link (not how WordPress writes them) wait for the item's end
  let early: Fields[] = [];
  const wantsText = (name: string, ns: string, ancestors: readonly string[]) =>
    (ancestors.length === 2 && fieldName(name, ns, CHANNEL_FIELDS) !== null) ||
    (ancestors.length === 3 && fieldName(name, ns, ITEM_FIELDS) !== null) ||
    (ancestors.length === 4 && ancestors[3] === 'comment' && isWp(ns));
  const siteOf = (): string => {
    if (site) return site;
    if (channel.wxr_version === undefined && channel.base_site_url === undefined)
      throw new ImportFormatError('not a WordPress export: the channel has no wp:wxr_version');
    const base = httpUrl(channel.base_blog_url) ?? httpUrl(channel.link) ?? httpUrl(channel.base_site_url);
    if (!base) throw new ImportFormatError('not a WordPress export: the channel has no wp:base_blog_url or link');
    site = siteKey(base);
    return site;
  };

  for await (const events of xmlEvents(chunks, wantsText)) {
    for (const event of events) {
      const { kind, name, ns, depth } = event;
      if (depth === 1 && kind === 'open' && name !== 'rss')
        throw new ImportFormatError(`not a WordPress export: the root is <${name}>, not <rss>`);
      if (depth === 3 && kind === 'close') {
        const field = fieldName(name, ns, CHANNEL_FIELDS);
        if (field) channel[field] = event.text.trim();
      }
      if (depth === 3 && name === 'item') {
        if (kind === 'open') {
          if (!site) yield { type: 'origin', site: siteOf() };
          item = {};
        } else {
          for (const pending of early) if (item) yield commentEvent(siteOf(), item, pending);
          early = [];
          item = null;
        }
      }
      if (!item) continue;
      if (depth === 4 && kind === 'close') {
        const field = fieldName(name, ns, ITEM_FIELDS);
        if (field) item[field] = event.text.trim();
      }
      if (depth === 4 && name === 'comment' && isWp(ns)) {
        if (kind === 'open') comment = {};
        else if (comment) {
          if (item.link === undefined) early.push(comment);
          else yield commentEvent(siteOf(), item, comment);
          comment = null;
        }
      }
      if (comment && depth === 5 && kind === 'close' && isWp(ns)) comment[name] = event.text;
    }
  }
}
