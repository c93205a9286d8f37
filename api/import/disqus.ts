/**
 * Reads a Disqus export (<disqus> with <category>, <thread> and <post> elements, ids in the
 * dsq: namespace) into import events. Threads are kept by id (a few fields each) because posts
 * name their thread by id; posts come out as they are read.
 */
import { httpUrl, isoDate } from './fields.ts';
import { type ImportEvent, ImportFormatError } from './records.ts';
import { xmlEvents } from './xml.ts';

interface Thread {
  link: string | null;
}

type Fields = Record<string, string>;

const isTrue = (value: string | undefined) => value?.trim() === 'true';

function postEvent(post: Fields, threads: Map<string, Thread>): ImportEvent {
  const id = post['@id'];
  if (!id) return { type: 'skip', reason: 'a post without dsq:id' };
  const thread = threads.get(post['thread@id'] ?? '');
  if (!thread) return { type: 'skip', reason: 'a post whose thread is not in the file' };
  const published = isoDate(post.createdAt);
  if (!published) return { type: 'skip', reason: 'a post without a date' };
  const parentId = post['parent@id'];
  const parentKey = parentId ? { source: 'disqus' as const, id: parentId } : null;
  return {
    type: 'item',
    key: { source: 'disqus', id },
    post: { url: thread.link, slugs: [] },
    parent: parentKey ? { keys: [parentKey], ids: [] } : null,
    ...(parentKey ? { waitsFor: parentKey } : {}),
    kind: 'comment',
    origin: 'comment',
    author: {
      name: post['author.name']?.trim() || post['author.username']?.trim() || 'Anonymous',
      url: null,
      email: post['author.email']?.trim() || null,
      photo: null,
      isOwner: false,
    },
    content: { format: 'comment-html', value: post.message ?? '' },
    published,
    updated: null,
    received: published,
    // a deleted post is kept out of sight, as Disqus did, rather than lost
    status: isTrue(post.isSpam) ? 'spam' : isTrue(post.isDeleted) ? 'removed' : 'published',
    sourceUrl: null,
    url: null,
  };
}

/**
 * @example for await (const event of readDisqus(chunks)) …
 */
export async function* readDisqus(chunks: AsyncIterable<string>): AsyncGenerator<ImportEvent> {
  const threads = new Map<string, Thread>();
  let current: { element: 'thread' | 'post'; fields: Fields } | null = null;
  // text is kept for the children of a thread or post, and the author's fields inside them
  const wantsText = (_name: string, _ns: string, ancestors: readonly string[]) =>
    (ancestors.length === 2 && (ancestors[1] === 'thread' || ancestors[1] === 'post')) ||
    (ancestors.length === 3 && ancestors[2] === 'author');
  for await (const events of xmlEvents(chunks, wantsText)) {
    for (const event of events) {
      const { kind, name, depth } = event;
      if (depth === 1 && kind === 'open') {
        if (name !== 'disqus') throw new ImportFormatError(`not a Disqus export: the root is <${name}>, not <disqus>`);
        continue;
      }
      if (depth === 2 && (name === 'thread' || name === 'post')) {
        if (kind === 'open') {
          current = { element: name, fields: { '@id': event.attributes.id ?? '' } };
          continue;
        }
        const done = current;
        current = null;
        if (!done) continue;
        if (done.element === 'thread') {
          const link = httpUrl(done.fields.link) ?? httpUrl(done.fields.id);
          if (!threads.size && done.fields.forum) yield { type: 'origin', site: done.fields.forum };
          threads.set(done.fields['@id'] ?? '', { link });
        } else {
          yield postEvent(done.fields, threads);
        }
        continue;
      }
      if (!current || kind !== 'close') continue;
      if (depth === 3) {
        // <thread dsq:id="…"/> and <parent dsq:id="…"/> inside a post name other elements by id
        if (event.attributes.id !== undefined) current.fields[`${name}@id`] = event.attributes.id;
        else current.fields[name] = event.text.trim();
      }
      if (depth === 4) current.fields[`author.${name}`] = event.text.trim();
    }
  }
}
