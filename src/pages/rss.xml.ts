import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { postPath } from '../../api/core/urls.ts';
import { getPublishedPosts } from '../lib/posts.ts';
import { config } from '../site.config.ts';

export const GET: APIRoute = async () => {
  const posts = await getPublishedPosts({ previewDrafts: false });
  return rss({
    title: config.title,
    description: config.description,
    site: config.siteUrl,
    customData: `<language>${config.lang}</language>`,
    items: posts.map((post) => ({
      title: post.data.title,
      link: postPath(post.id),
      pubDate: post.data.published,
      description: post.data.description,
      categories: post.data.tags,
    })),
  });
};
