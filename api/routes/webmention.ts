import { Hono } from 'hono';
import { randomSecret } from '../core/crypto.ts';
import { ApiError, notFound } from '../core/errors.ts';
import { apiPaths, apiUrl } from '../core/urls.ts';
import { listBlocks } from '../db/blocks.ts';
import { findPublishedPostByUrl } from '../db/posts.ts';
import { enqueueWebmention, findWebmentionByToken, type QueuedWebmention } from '../db/webmentions.ts';
import type { Services } from '../services/context.ts';
import { checkPair, postUrlOf } from '../webmention/receive.ts';
import { isFormBody, readFields } from './read-body.ts';

function statusBody(row: QueuedWebmention, location: string) {
  return {
    status: row.status,
    reason: row.reason,
    source: row.source,
    target: row.target,
    received: row.receivedAt,
    updated: row.updatedAt,
    location,
  };
}

/** The Webmention endpoint (W3C Webmention 3.2) and its status URLs. */
export function webmentionRoutes(services: Services): Hono {
  const app = new Hono();
  const { config } = services;
  const statusUrl = (token: string) => new URL(apiUrl(config.apiBase, apiPaths.webmentionStatus(token)), `${config.siteUrl}/`).href;

  app.post('/webmention', async (c) => {
    if (!isFormBody(c)) {
      throw new ApiError(415, 'unsupported_media_type', 'Send source and target form-encoded (application/x-www-form-urlencoded)');
    }
    const blocked = [...config.webmention.blockedDomains, ...(await listBlocks(services.db)).domains];
    const pair = checkPair(await readFields(c, 'form'), config.siteUrl, blocked);
    const post = await findPublishedPostByUrl(services.db, postUrlOf(pair.target));
    if (!post)
      throw new ApiError(400, 'invalid_input', 'target is not a published post of this site', {
        target: 'not a published post of this site',
      });
    const row = await enqueueWebmention(
      services.db,
      { source: pair.source.href, target: pair.target.href, postSlug: post.slug, token: randomSecret().slice(0, 32) },
      services.now(),
    );
    services.onQueued();
    const location = statusUrl(row.token);
    return c.json(statusBody(row, location), 201, { Location: location });
  });

  app.get('/webmention/:token', async (c) => {
    const row = await findWebmentionByToken(services.db, c.req.param('token'));
    if (!row) throw notFound('Webmention');
    return c.json(statusBody(row, statusUrl(row.token)), 200, { 'Cache-Control': 'no-store' });
  });

  return app;
}
