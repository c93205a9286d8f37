import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export interface PageOptions {
  title: string;
  siteUrl: string;
  /** Trusted HTML of the main column. */
  body: string;
}

/**
 * The shell of pages the API renders itself (confirmation, reply form, form errors). It links the
 * site's own stylesheet so these pages look like the rest of the blog.
 */
export function page({ title, siteUrl, body }: PageOptions): HtmlEscapedString | Promise<HtmlEscapedString> {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="color-scheme" content="light dark">
    <meta name="robots" content="noindex">
    <title>${title}</title>
    <link rel="stylesheet" href="${siteUrl}/parley.css">
  </head>
  <body>
    <a class="skip-link" href="#main">Skip to content</a>
    <header class="site-header"><a class="site-title" href="${siteUrl}/">Home</a></header>
    <main id="main">${raw(body)}</main>
  </body>
</html>`;
}
