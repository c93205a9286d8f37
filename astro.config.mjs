// @ts-check
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import { loadConfig } from './api/core/config.ts';
import { parleyIntegration } from './api/node/build-sync.ts';

const { siteUrl } = loadConfig(process.env);

export default defineConfig({
  site: siteUrl,
  trailingSlash: 'ignore',
  build: { format: 'directory' },
  integrations: [mdx(), sitemap({ filter: (page) => !page.includes('/parley-posts.json') }), parleyIntegration()],
  server: { host: '127.0.0.1' },
  vite: {
    server: {
      // the dev server forwards /api to the API process started by `npm run dev`
      proxy: { '/api': `http://127.0.0.1:${process.env.PARLEY_API_PORT || 4322}` },
    },
  },
});
