/**
 * Reads a Parley export (export-schema.ts) back into import events, streamed element by element.
 * Items keep everything they had: ids (when the database allows), kinds, statuses, dates and the
 * identity of items that came from another system.
 */
import type { z } from 'zod';
import {
  describeIssue,
  EXPORT_FORMAT,
  EXPORT_VERSION,
  exportedBlock,
  exportedInteraction,
  exportedPost,
  exportedSettings,
  exportHeader,
} from './export-schema.ts';
import { jsonValues } from './json.ts';
import { type ImportEvent, ImportFormatError, type ImportKey } from './records.ts';

const PATHS = ['$.format', '$.version', '$.site', '$.settings', '$.posts.*', '$.blocks.*', '$.subscriptions.*', '$.interactions.*'];

const HEADER_KEYS = new Set(['format', 'version', 'site']);

function checked<T>(schema: z.ZodType<T>, value: unknown, where: string): T | string {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : `${where} that does not match the schema (${describeIssue(parsed.error)})`;
}

/**
 * @example for await (const event of readParleyExport(chunks)) …
 */
export async function* readParleyExport(chunks: AsyncIterable<string>): AsyncGenerator<ImportEvent> {
  const header: Record<string, unknown> = {};
  let site: string | null = null;
  // the identity each exported id was stored under, so replies find their parent
  const keys = new Map<number, ImportKey>();
  for await (const { section, value } of jsonValues(chunks, PATHS)) {
    if (HEADER_KEYS.has(section)) {
      header[section] = value;
      if (section === 'format' && value !== EXPORT_FORMAT)
        throw new ImportFormatError(`not a Parley export: format is ${JSON.stringify(value)}`);
      continue;
    }
    if (!site) {
      const parsed = exportHeader.safeParse(header);
      if (!parsed.success)
        throw new ImportFormatError(
          `not a Parley export of version ${EXPORT_VERSION}: its header (format, version, site) must come first (${describeIssue(parsed.error)})`,
        );
      site = parsed.data.site.url;
      yield { type: 'origin', site };
    }
    if (section === 'settings') {
      const settings = checked(exportedSettings, value, 'settings');
      if (typeof settings === 'string') yield { type: 'skip', reason: settings };
      else if (settings.owner) yield { type: 'setting', key: 'owner', value: JSON.stringify(settings.owner) };
    } else if (section === 'posts') {
      const post = checked(exportedPost, value, 'a post');
      yield typeof post === 'string' ? { type: 'skip', reason: post } : { type: 'post', post };
    } else if (section === 'blocks') {
      const block = checked(exportedBlock, value, 'a block');
      yield typeof block === 'string' ? { type: 'skip', reason: block } : { type: 'block', block };
    } else if (section === 'subscriptions') {
      yield { type: 'skip', reason: 'a subscription (this version of Parley keeps none)' };
    } else if (section === 'interactions') {
      const item = checked(exportedInteraction, value, 'an interaction');
      if (typeof item === 'string') {
        yield { type: 'skip', reason: item };
        continue;
      }
      const key: ImportKey = item.imported ?? { source: 'parley', id: `${site}#${item.id}` };
      keys.set(item.id, key);
      const parentKey = item.parent === null ? null : keys.get(item.parent);
      yield {
        type: 'item',
        key,
        exact: true,
        id: item.id,
        slug: item.post,
        post: { url: null, slugs: [item.post] },
        // a parent missing from the file leaves the reply at the top level (an empty reference)
        parent: item.parent === null ? null : { keys: parentKey ? [parentKey] : [], ids: [] },
        kind: item.kind,
        origin: item.origin,
        author: {
          name: item.author.name,
          url: item.author.url,
          email: item.author.email,
          photo: item.author.photo,
          isOwner: item.author.owner,
        },
        content: { format: 'stored', html: item.content.html, text: item.content.text },
        published: item.published,
        updated: item.updated,
        received: item.received,
        status: item.status,
        sourceUrl: item.sourceUrl,
        // a comment's permalink is derived from its post and id, never stored
        url: item.origin === 'comment' ? null : item.url,
      };
    }
  }
  if (!site) throw new ImportFormatError('not a Parley export: no format, version and site found');
}
