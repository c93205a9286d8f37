/**
 * The part of a post's page that changes with its conversation, as one string between two
 * comments. The build writes it with this function and a running server rewrites it with the same
 * function, so a page patched after a new comment holds exactly the bytes a full build would.
 */
import { type RenderContext, renderReactions, renderSummaryLine, renderThread } from './render-thread.ts';
import type { Conversation } from './types.ts';

export const REGION_START = '<!--parley:conversation-->';
export const REGION_END = '<!--/parley:conversation-->';

/**
 * The conversation as of `version` (the post's conversation version in the database). The
 * version rides on the summary line, where the page's script reads it to ask only for what is newer.
 */
export function renderConversationRegion(conversation: Conversation, version: number, ctx: RenderContext): string {
  return (
    REGION_START +
    `<p class="summary-line" data-summary data-version="${version}">${renderSummaryLine(conversation.summary)}</p>` +
    `<div class="reactions" data-reactions>${renderReactions(conversation.reactions)}</div>` +
    renderThread(conversation.items, ctx) +
    REGION_END
  );
}

/** The region of a page built without its conversation (the database was unreachable). */
export function renderPendingRegion(): string {
  return (
    REGION_START +
    '<p class="summary-line" data-summary data-version="">The conversation is loading…</p>' +
    '<div class="reactions" data-reactions></div><ol class="thread"></ol>' +
    REGION_END
  );
}

/** What a page says about itself: where its conversation is, for which post, and as of which version. */
export interface PageRegion {
  start: number;
  end: number;
  /** null for a page built without its conversation; -1 for a post the database did not list yet. */
  version: number | null;
  ctx: RenderContext;
  /** The section's state attribute, exactly as written (built or pending). */
  state: string;
}

const SECTION = /<section id="conversation"[^>]*>/;
const attribute = (tag: string, name: string): string | null => {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? (match[1] ?? '') : null;
};
const NAMED: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };
const decodeAttribute = (value: string) =>
  value.replace(/&(#x[0-9a-f]+|#\d+|amp|quot|apos|lt|gt);/gi, (_, entity: string) =>
    entity.startsWith('#')
      ? String.fromCodePoint(Number(entity.startsWith('#x') || entity.startsWith('#X') ? `0${entity.slice(1)}` : entity.slice(1)))
      : (NAMED[entity.toLowerCase()] ?? ''),
  );

/** Finds the conversation region of a built page, or null when the page has none. */
export function findRegion(html: string): PageRegion | null {
  const section = SECTION.exec(html);
  if (!section) return null;
  const start = html.indexOf(REGION_START, section.index);
  const end = html.indexOf(REGION_END, start);
  if (start === -1 || end === -1) return null;
  const tag = section[0];
  const version = /data-version="(-?\d*)"/.exec(html.slice(start, start + 300))?.[1] ?? '';
  return {
    start,
    end: end + REGION_END.length,
    version: version === '' ? null : Number(version),
    ctx: {
      slug: decodeAttribute(attribute(tag, 'data-slug') ?? ''),
      apiBase: decodeAttribute(attribute(tag, 'data-api') ?? ''),
      postUrl: decodeAttribute(attribute(tag, 'data-post-url') ?? ''),
    },
    state: attribute(tag, 'data-state') ?? '',
  };
}

/**
 * The page with its conversation region replaced; a page built without its conversation also
 * becomes `data-state="built"`, as a build that reached the database writes it.
 */
export function patchRegion(html: string, region: PageRegion, rendered: string): string {
  let page = html.slice(0, region.start) + rendered + html.slice(region.end);
  if (region.state === 'pending') {
    page = page.replace(SECTION, (tag) => tag.replace(' data-state="pending"', ' data-state="built"'));
  }
  return page;
}
