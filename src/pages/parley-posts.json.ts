import type { APIRoute } from 'astro';
import { manifestSchema } from '../../api/core/manifest.ts';
import { getPublishedPosts, toManifestPost } from '../lib/posts.ts';
import { config } from '../site.config.ts';

/** The list of published posts; after the build it is synced to the database so the API accepts comments on them. */
export const GET: APIRoute = async () => {
  const manifest = manifestSchema.parse({
    builtAt: new Date().toISOString(),
    siteUrl: config.siteUrl,
    mail: config.mail,
    author: { name: config.author.name, url: config.author.url, photo: config.author.photo },
    posts: (await getPublishedPosts()).map(toManifestPost),
  });
  return new Response(JSON.stringify(manifest, null, 2), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
};
