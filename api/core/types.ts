/** The domain of a Parley conversation. Pure types: no imports, no I/O. */

/** What an interaction is. Form comments are `comment` (root) or `reply` (answering another item). */
export type InteractionKind = 'comment' | 'reply' | 'like' | 'repost' | 'bookmark' | 'mention';
export type Origin = 'comment' | 'webmention';
export type InteractionStatus = 'pending' | 'published' | 'spam' | 'removed';

/** Likes, reposts and bookmarks are shown as faces in a row, never as thread items. */
export const REACTION_KINDS: readonly InteractionKind[] = ['like', 'repost', 'bookmark'];

export interface Author {
  name: string;
  url: string | null;
  photo: string | null;
  isOwner: boolean;
}

export interface Content {
  /** Sanitized HTML, safe to insert as is. */
  html: string;
  text: string;
}

/** One row of the interactions table, as the domain sees it. */
export interface Interaction {
  id: number;
  postSlug: string;
  kind: InteractionKind;
  origin: Origin;
  parentId: number | null;
  author: Author;
  content: Content;
  /** Canonical URL: the source page of a webmention, or the comment permalink. */
  url: string;
  published: string;
  updated: string | null;
  /** When this site received it. */
  received: string;
  /** The webmention source page, for interactions that came as webmentions. */
  sourceUrl: string | null;
  status: InteractionStatus;
  /** Brought in by `parley import` from another system (answered there, or long ago). */
  imported?: boolean;
}

/** An interaction as a reader sees it, with the replies under it. */
export interface ConversationItem {
  id: number;
  kind: InteractionKind;
  origin: Origin;
  parent: number | null;
  author: Author;
  content: Content;
  url: string;
  published: string;
  updated: string | null;
  children: ConversationItem[];
}

export interface ConversationSummary {
  /** Distinct people taking part, not counting the owner. */
  people: number;
  /** Thread items (comments, replies, mentions), not reactions. */
  replies: number;
  reactions: number;
  lastActivity: string | null;
}

export interface PostRef {
  slug: string;
  url: string;
  title: string;
}

export interface Conversation {
  post: PostRef;
  items: ConversationItem[];
  reactions: ConversationItem[];
  summary: ConversationSummary;
}

/** A published post as the build announces it to the API. */
export interface PostRecord {
  slug: string;
  url: string;
  title: string;
  published: string;
  updated: string | null;
}
