/**
 * The one place that decides what is published: pages, feeds and the manifest the API syncs
 * all read posts through here.
 */
import { type CollectionEntry, getCollection } from 'astro:content';
import type { PostRecord } from '../../api/core/types.ts';
import { postUrl } from '../../api/core/urls.ts';
import { config } from '../site.config.ts';

export type Post = CollectionEntry<'posts'>;

export interface TagSummary {
  /** The tag as first written in a post. */
  name: string;
  /** Case-folded, as in the tag's URL. */
  key: string;
  count: number;
}

/**
 * Published posts, newest first. Drafts show in dev so writers can preview them, except where a
 * reader could keep a copy (the feed): there `previewDrafts: false`.
 */
export async function getPublishedPosts({ previewDrafts = !import.meta.env.PROD } = {}): Promise<Post[]> {
  const posts = await getCollection('posts', ({ data }) => previewDrafts || !data.draft);
  return posts.sort((a, b) => b.data.published.getTime() - a.data.published.getTime());
}

export function tagKey(tag: string): string {
  return tag.toLowerCase();
}

/** Every tag with its number of posts, most used first. */
export function collectTags(posts: Post[]): TagSummary[] {
  const tags = new Map<string, TagSummary>();
  for (const tag of posts.flatMap((post) => post.data.tags)) {
    const key = tagKey(tag);
    const summary = tags.get(key) ?? { name: tag, key, count: 0 };
    summary.count += 1;
    tags.set(key, summary);
  }
  return [...tags.values()].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

export function postsWithTag(posts: Post[], key: string): Post[] {
  return posts.filter((post) => post.data.tags.some((tag) => tagKey(tag) === key));
}

/** A post as the manifest announces it to the API. */
export function toManifestPost(post: Post): PostRecord {
  return {
    slug: post.id,
    url: postUrl(config.siteUrl, post.id),
    title: post.data.title,
    published: post.data.published.toISOString(),
    updated: post.data.updated?.toISOString() ?? null,
  };
}
