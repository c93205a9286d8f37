/**
 * Reading microformats2 as microformats-parser returns them: the shapes, and the property values
 * that receiving and sending both need.
 */
import type { mf2 } from 'microformats-parser';

export type Mf2Document = ReturnType<typeof mf2>;
export type Mf2Item = Mf2Document['items'][number];
export type Mf2Property = Mf2Item['properties'][string][number];

/** How one post answers another: each of these properties holds the page it answers. */
export const RESPONSE_PROPERTIES = ['in-reply-to', 'like-of', 'repost-of', 'bookmark-of'] as const;

export const isItem = (value: Mf2Property | undefined): value is Mf2Item =>
  typeof value === 'object' && value !== null && 'properties' in value;

/** A plain value: the string itself, or the `value` of an image or an embedded item. */
export function text(value: Mf2Property | undefined): string | null {
  if (typeof value === 'string') return value;
  if (value && 'value' in value && typeof value.value === 'string') return value.value;
  return null;
}

export function httpUrl(value: unknown): string | null {
  if (typeof value !== 'string' || !URL.canParse(value)) return null;
  const url = new URL(value);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
}

/** A property's http(s) URLs, whether it holds plain URLs or h-cite objects. */
export function propertyUrls(item: Mf2Item, name: string): string[] {
  return (item.properties[name] ?? [])
    .map((value) => (isItem(value) ? (text(value.properties.url?.[0]) ?? text(value.value)) : text(value)))
    .map(httpUrl)
    .filter((url): url is string => url !== null);
}
