/**
 * The validator of a post's conversation: it changes whenever the conversation does. The API sends
 * it as the ETag, and a page knows it from the version it was written at, so the page's script
 * asks "anything newer?" and gets a bodiless 304 when nothing is.
 */
export function conversationTag(post: { slug: string; version: number }): string {
  return `W/"${post.slug}:${post.version}"`;
}
