import { Hono } from 'hono';
import { ApiError } from '../core/errors.ts';
import type { Services } from '../services/context.ts';

export function healthRoutes(services: Services): Hono {
  const app = new Hono();
  app.get('/health', async (c) => {
    try {
      await services.db.execute('SELECT 1');
    } catch {
      throw new ApiError(503, 'internal', 'The database does not answer');
    }
    return c.json({ status: 'ok' }, 200, { 'Cache-Control': 'no-store' });
  });
  return app;
}
