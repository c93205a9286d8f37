/**
 * Reads what webmention.io exports into import events: its JF2 feed (`/api/mentions.jf2`: a
 * `children` array of entries with wm-* properties) or its JSON API (`/api/mentions`: a `links`
 * array). Both are streamed element by element.
 */
import type { InteractionKind } from '../core/types.ts';
import { anchorKeys, commentNumber, httpUrl, isoDate } from './fields.ts';
import { jsonValues } from './json.ts';
import { type ImportEvent, ImportFormatError, type ParentRef } from './records.ts';

export interface WebmentionIoOptions {
  /** This site's URL: a target like https://this.site/post/#comment-12 answers its comment 12. */
  siteUrl: string;
}

const KIND: Record<string, InteractionKind> = {
  'in-reply-to': 'reply',
  reply: 'reply',
  'like-of': 'like',
  like: 'like',
  'repost-of': 'repost',
  repost: 'repost',
  'bookmark-of': 'bookmark',
  bookmark: 'bookmark',
  'mention-of': 'mention',
  mention: 'mention',
  link: 'mention',
  // Parley has no RSVPs: an answer about the post is a mention of it
  rsvp: 'mention',
};

type Json = Record<string, unknown>;

const object = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
const string = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);

/** What a mention of `target` answers: a comment named by the target's #comment-N anchor. */
function parentOf(target: string, kind: InteractionKind, siteUrl: string): ParentRef | null {
  if (kind !== 'reply' && kind !== 'mention') return null;
  const n = commentNumber(target);
  if (!n) return null;
  const ownSite = new URL(target).host === new URL(siteUrl).host;
  return { keys: anchorKeys(target), ids: ownSite ? [Number(n)] : [] };
}

interface Fields {
  id: unknown;
  property: unknown;
  source: unknown;
  target: unknown;
  url: unknown;
  author: Json;
  html: string | null;
  text: string | null;
  published: unknown;
  received: unknown;
}

function mentionEvent(fields: Fields, options: WebmentionIoOptions): ImportEvent {
  const id = typeof fields.id === 'number' || typeof fields.id === 'string' ? String(fields.id) : null;
  if (!id) return { type: 'skip', reason: 'a webmention without an id' };
  const kind = KIND[String(fields.property)];
  if (!kind) return { type: 'skip', reason: `a webmention of type "${String(fields.property)}"` };
  const source = httpUrl(string(fields.source));
  const target = httpUrl(string(fields.target));
  if (!source || !target) return { type: 'skip', reason: 'a webmention without a source or target URL' };
  const published = isoDate(string(fields.published)) ?? isoDate(string(fields.received));
  if (!published) return { type: 'skip', reason: 'a webmention without a date' };
  // as when receiving: an entry's own URL is trusted only on its source's host
  const own = httpUrl(string(fields.url));
  const url = own && new URL(own).host === new URL(source).host ? own : source;
  const authorUrl = httpUrl(string(fields.author.url));
  return {
    type: 'item',
    key: { source: 'webmention.io', id },
    post: { url: target, slugs: [] },
    parent: parentOf(target, kind, options.siteUrl),
    kind,
    origin: 'webmention',
    author: {
      name: string(fields.author.name) ?? (authorUrl ? new URL(authorUrl).hostname : new URL(source).hostname),
      url: authorUrl,
      email: null,
      photo: httpUrl(string(fields.author.photo)),
      isOwner: false,
    },
    content: { format: 'webmention', html: fields.html, text: fields.text, url },
    published,
    updated: null,
    received: isoDate(string(fields.received)) ?? published,
    status: 'published',
    sourceUrl: source,
    url,
  };
}

/** An entry of the JF2 feed. */
function fromJf2(entry: Json, options: WebmentionIoOptions): ImportEvent {
  if (entry['wm-private'] === true) return { type: 'skip', reason: 'a private webmention' };
  const property = entry['wm-property'];
  const content = object(entry.content);
  return mentionEvent(
    {
      id: entry['wm-id'],
      property,
      source: entry['wm-source'] ?? entry.url,
      target: entry['wm-target'] ?? entry[String(property)],
      url: entry.url,
      author: object(entry.author),
      html: string(content.html),
      text: string(content.text) ?? string(content.value) ?? string(object(entry.summary).value) ?? string(entry.name),
      published: entry.published,
      received: entry['wm-received'],
    },
    options,
  );
}

/** A link of the JSON API. */
function fromLink(link: Json, options: WebmentionIoOptions): ImportEvent {
  if (link.private === true) return { type: 'skip', reason: 'a private webmention' };
  if (link.verified === false) return { type: 'skip', reason: 'a webmention webmention.io had not verified' };
  const data = object(link.data);
  const content = string(data.content);
  return mentionEvent(
    {
      id: link.id,
      property: object(link.activity).type ?? 'mention',
      source: link.source,
      target: link.target,
      url: data.url,
      author: object(data.author),
      html: content,
      text: content ? null : string(data.name),
      published: data.published,
      received: link.verified_date,
    },
    options,
  );
}

/**
 * @example for await (const event of readWebmentionIo(chunks, { siteUrl })) …
 */
export async function* readWebmentionIo(chunks: AsyncIterable<string>, options: WebmentionIoOptions): AsyncGenerator<ImportEvent> {
  let found = false;
  for await (const { section, value } of jsonValues(chunks, ['$.type', '$.children.*', '$.links.*'])) {
    found = true;
    if (section === 'children') yield fromJf2(object(value), options);
    else if (section === 'links') yield fromLink(object(value), options);
  }
  if (!found) throw new ImportFormatError('not a webmention.io export: no JF2 feed (children) or API answer (links) in the file');
}
