/**
 * The Parley export (api/import/export-schema.ts, docs/export-schema.md) as a stream of text:
 * sections in a fixed order, one element per line, interactions read a page at a time, so a big
 * site is never in memory whole. The same data always gives the same bytes (the file holds no
 * time of its own), which is what lets an export, import, export round trip compare equal.
 */
import { personKey } from '../core/thread.ts';
import { commentPermalink } from '../core/urls.ts';
import type { Db } from '../db/client.ts';
import { exportBlocks, exportInteractions, exportPosts, type Row } from '../db/export.ts';
import { getSetting } from '../db/settings.ts';
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  type ExportedBlock,
  type ExportedInteraction,
  type ExportedPerson,
  type ExportedPost,
  type ExportedSettings,
} from '../import/export-schema.ts';

export interface ExportCounts {
  posts: number;
  interactions: number;
  people: number;
  blocks: number;
}

type ImportedFrom = NonNullable<ExportedInteraction['imported']>['source'];

const text = (value: unknown) => (value == null ? null : String(value));

function toInteraction(row: Row): ExportedInteraction {
  const id = Number(row.id);
  const source = text(row.import_source);
  return {
    id,
    post: String(row.post_slug),
    parent: row.parent_id == null ? null : Number(row.parent_id),
    kind: String(row.kind) as ExportedInteraction['kind'],
    origin: String(row.origin) as ExportedInteraction['origin'],
    status: String(row.status) as ExportedInteraction['status'],
    author: {
      name: String(row.author_name),
      url: text(row.author_url),
      photo: text(row.author_photo),
      email: text(row.author_email),
      owner: Number(row.is_owner) === 1,
    },
    content: { html: String(row.content_html), text: String(row.content_text) },
    url: row.url == null ? commentPermalink(String(row.post_url), id) : String(row.url),
    sourceUrl: text(row.source_url),
    published: String(row.published),
    updated: text(row.updated),
    received: String(row.received),
    // what came through another Parley is Parley's own; what came from elsewhere keeps its identity
    ...(source && source !== 'parley' ? { imported: { source: source as ImportedFrom, id: String(row.import_id) } } : {}),
  };
}

/** Everyone but the owner who took part, as an index of the interactions (import ignores it). */
class People {
  private readonly byKey = new Map<string, ExportedPerson & { postSet: Set<string> }>();

  add(item: ExportedInteraction): void {
    if (item.author.owner) return;
    const key = personKey({ author: { name: item.author.name, url: item.author.url, photo: null, isOwner: false } });
    const known = this.byKey.get(key);
    if (!known) {
      const { name, url, photo } = item.author;
      this.byKey.set(key, {
        key,
        name,
        url,
        photo,
        interactions: 1,
        posts: 1,
        first: item.published,
        last: item.published,
        postSet: new Set([item.post]),
      });
      return;
    }
    known.interactions += 1;
    known.postSet.add(item.post);
    known.name = item.author.name;
    known.photo = item.author.photo ?? known.photo;
    if (item.published < known.first) known.first = item.published;
    if (item.published > known.last) known.last = item.published;
  }

  list(): ExportedPerson[] {
    return [...this.byKey.values()]
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map(({ postSet, ...person }) => ({ ...person, posts: postSet.size }));
  }
}

function* section(name: string, items: Iterable<unknown>, last = false): Generator<string> {
  yield `  ${JSON.stringify(name)}: [`;
  let first = true;
  for (const item of items) {
    yield `${first ? '' : ','}\n    ${JSON.stringify(item)}`;
    first = false;
  }
  yield `${first ? '' : '\n  '}]${last ? '' : ','}\n`;
}

/**
 * @example for await (const piece of exportSite(db, { siteUrl }, counts)) stream.write(piece);
 */
export async function* exportSite(
  db: Db,
  options: { siteUrl: string; onProgress?: (interactions: number) => void },
  counts?: ExportCounts,
): AsyncGenerator<string> {
  const owner = await getSetting(db, 'owner');
  const settings: ExportedSettings = owner ? { owner: JSON.parse(owner) as ExportedSettings['owner'] } : {};
  yield `{\n  "format": ${JSON.stringify(EXPORT_FORMAT)},\n  "version": ${EXPORT_VERSION},\n`;
  yield `  "site": ${JSON.stringify({ url: options.siteUrl })},\n  "settings": ${JSON.stringify(settings)},\n`;
  const posts: ExportedPost[] = (await exportPosts(db)).map((row) => ({
    slug: String(row.slug),
    url: String(row.url),
    title: String(row.title),
    published: String(row.published),
    updated: text(row.updated),
    status: row.status === 'gone' ? 'gone' : 'published',
  }));
  yield* section('posts', posts);
  const blocks: ExportedBlock[] = (await exportBlocks(db)).map((row) => ({
    kind: row.kind === 'domain' ? 'domain' : 'person',
    value: String(row.value),
    created: String(row.created_at),
  }));
  yield* section('blocks', blocks);
  // filled by the email subscriptions once Parley keeps them; never with their secrets
  yield* section('subscriptions', []);
  const people = new People();
  let interactions = 0;
  yield `  "interactions": [`;
  for await (const row of exportInteractions(db)) {
    const item = toInteraction(row);
    people.add(item);
    yield `${interactions ? ',' : ''}\n    ${JSON.stringify(item)}`;
    interactions += 1;
    if (interactions % 1000 === 0) options.onProgress?.(interactions);
  }
  yield `${interactions ? '\n  ' : ''}],\n`;
  const everyone = people.list();
  yield* section('people', everyone, true);
  yield '}\n';
  if (counts) Object.assign(counts, { posts: posts.length, interactions, people: everyone.length, blocks: blocks.length });
}
