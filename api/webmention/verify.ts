import { classify, type Mention } from '../core/classify.ts';
import type { FetchedPage } from './guarded-fetch.ts';
import { linksIn, samePage } from './links.ts';

export type Verification =
  | { outcome: 'accepted'; mention: Mention }
  /** The source is gone (410, 404): its interaction, if any, is removed. */
  | { outcome: 'gone'; reason: string }
  /** The source no longer links to the target: its interaction, if any, is removed. */
  | { outcome: 'unlinked'; reason: string }
  | { outcome: 'rejected'; reason: string }
  /** A passing failure (5xx): try again later. */
  | { outcome: 'retry'; reason: string };

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

/**
 * Decides what a fetched source page means for a target (W3C Webmention 3.2.2). Takes the page,
 * not a URL, so it never touches the network and tests feed it fixture pages.
 */
export function verifySource(page: FetchedPage, target: string): Verification {
  if (page.status === 410 || page.status === 404) return { outcome: 'gone', reason: `the source answered ${page.status}` };
  if (page.status >= 500) return { outcome: 'retry', reason: `the source answered ${page.status}` };
  if (page.status < 200 || page.status >= 300) return { outcome: 'rejected', reason: `the source answered ${page.status}` };
  const matches = (url: string) => samePage(url, target);
  if (page.contentType === 'text/plain') {
    if (!page.body.includes(target)) return { outcome: 'unlinked', reason: 'the source does not mention the target' };
    const host = new URL(page.url).hostname;
    return {
      outcome: 'accepted',
      mention: {
        kind: 'mention',
        author: { name: host, url: new URL('/', page.url).href, photo: null, isOwner: false },
        content: { html: '', text: '' },
        url: page.url,
        published: null,
        inReplyTo: [],
      },
    };
  }
  if (!HTML_TYPES.has(page.contentType))
    return { outcome: 'rejected', reason: `the source is ${page.contentType || 'of no type'}, not HTML` };
  if (!linksIn(page.body, page.url).some(matches)) return { outcome: 'unlinked', reason: 'the source does not link to the target' };
  try {
    return { outcome: 'accepted', mention: classify(page.body, page.url, matches) };
  } catch (error) {
    // a page the microformats parser chokes on would fail the same way on every retry
    return { outcome: 'rejected', reason: `the source page could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
}
