/**
 * The one URL builder for posts, tags and comment permalinks. The site, the API,
 * the feeds and the client script all build their links here.
 */

/** Site-relative path of a post: /posts/<slug>/ */
export function postPath(slug: string): string {
  return `/posts/${encodeURIComponent(slug)}/`;
}

export function tagPath(tag: string): string {
  return `/tags/${encodeURIComponent(tag.toLowerCase())}/`;
}

/** Page N of the post list: page 1 is the home page. */
export function listPath(page: number): string {
  return page <= 1 ? '/' : `/page/${page}/`;
}

/** Absolute URL of a site path, for feeds, microformats and permalinks. */
export function absoluteUrl(siteUrl: string, path: string): string {
  return new URL(path, siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`).href;
}

export function postUrl(siteUrl: string, slug: string): string {
  return absoluteUrl(siteUrl, postPath(slug));
}

export function commentAnchor(id: number): string {
  return `comment-${id}`;
}

/** The permalink of a comment: the post URL with the comment's anchor. */
export function commentPermalink(postUrlOrPath: string, id: number): string {
  return `${postUrlOrPath.split('#')[0]}#${commentAnchor(id)}`;
}

/** API paths, relative to the API base (by default /api on the site's origin). */
export const apiPaths = {
  comments: (slug: string) => `/posts/${encodeURIComponent(slug)}/comments`,
  conversation: (slug: string) => `/posts/${encodeURIComponent(slug)}/conversation`,
  replyForm: (slug: string, parent: number) => `/posts/${encodeURIComponent(slug)}/comments/new?parent=${parent}`,
  comment: (slug: string, id: number) => `/posts/${encodeURIComponent(slug)}/comments/${id}`,
  health: () => '/health',
  webmention: () => '/webmention',
  webmentionStatus: (token: string) => `/webmention/${encodeURIComponent(token)}`,
  mentionsFeed: () => '/mentions.jf2',
  conversationFeed: (slug: string) => `/posts/${encodeURIComponent(slug)}/conversation.atom`,
  threadFeed: (slug: string, root: number) => `/posts/${encodeURIComponent(slug)}/threads/${root}.atom`,
  confirmMail: (token: string) => `/notifications/confirm/${encodeURIComponent(token)}`,
  stopMail: (token: string) => `/notifications/stop/${encodeURIComponent(token)}`,
};

/** Joins the API base (absolute or site-relative, with or without a trailing slash) and an API path. */
export function apiUrl(apiBase: string, path: string): string {
  return `${apiBase.replace(/\/+$/, '')}${path}`;
}

/** The host name of an absolute URL, lower case; '' when there is none. */
export function hostOf(url: string | null): string {
  return url && URL.canParse(url) ? new URL(url).hostname : '';
}

/** True when `host` is one of `domains` or a subdomain of one: how every domain block matches. */
export function isOnDomain(host: string, domains: readonly string[]): boolean {
  const name = host.toLowerCase();
  return domains.some((domain) => name === domain || name.endsWith(`.${domain}`));
}
