import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

/** Reserved for replying, liking, reposting and bookmarking from this site. */
const webUrl = z.url({ protocol: /^https?$/ });

const posts = defineCollection({
  // a post's id (and so its URL) is its file name without .mdx
  loader: glob({ pattern: '**/*.mdx', base: './content/posts' }),
  schema: z.object({
    title: z.string().trim().min(1),
    description: z.string(),
    published: z.coerce.date(),
    updated: z.coerce.date().optional(),
    tags: z.array(z.string().trim().min(1)).default([]),
    draft: z.boolean().default(false),
    replyTo: webUrl.optional(),
    likeOf: webUrl.optional(),
    repostOf: webUrl.optional(),
    bookmarkOf: webUrl.optional(),
  }),
});

export const collections = { posts };
