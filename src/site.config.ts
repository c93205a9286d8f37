import { loadConfig } from '../api/core/config.ts';

/**
 * The one site configuration everything imports: pages, layouts, feeds, the conversation
 * components. Edit the `site` block for your blog; deployment-specific values come from the
 * environment and are resolved once in `resolveSiteConfig`.
 */

const site = {
  title: 'Parley',
  description: 'A blog where every post is a conversation.',
  lang: 'en',
  author: {
    name: 'Robin Vale',
    url: '/about/',
    photo: '/avatar.svg',
    note: 'Writes about the web as a place where people answer each other.',
  },
  postsPerPage: 20,
};

export interface SiteConfig {
  title: string;
  description: string;
  lang: string;
  author: { name: string; url: string; photo: string; note: string };
  postsPerPage: number;
  /** Absolute origin the site is served from, e.g. https://blog.example.org */
  siteUrl: string;
  /** Where the API lives: /api on the same origin by default, or an absolute URL. */
  apiBase: string;
  /** The API sends email (PARLEY_SMTP_URL): the comment form offers "email me when someone answers". */
  mail: boolean;
}

/** Site config for an environment: the writer's values plus the deployment's URLs. */
export function resolveSiteConfig(env: Record<string, string | undefined>): SiteConfig {
  const { siteUrl, apiBase, mail } = loadConfig(env);
  const absolute = (path: string) => new URL(path, `${siteUrl}/`).href;
  return {
    ...site,
    author: { ...site.author, url: absolute(site.author.url), photo: absolute(site.author.photo) },
    siteUrl,
    apiBase,
    mail: mail !== null,
  };
}

export const config: SiteConfig = resolveSiteConfig(typeof process === 'undefined' ? {} : process.env);
