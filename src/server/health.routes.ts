import { Router } from 'express';
import type { Database } from '../data/database';

/** `/healthz`: the process is alive. `/readyz`: the database answers and every migration has run. */
export function healthRoutes(db: Database): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    try {
      if (await db.isReady()) {
        res.json({ status: 'ready', database: db.kind });
        return;
      }
      res.status(503).json({ status: 'not ready', reason: 'migrations pending' });
    } catch {
      res.status(503).json({ status: 'not ready', reason: 'database unreachable' });
    }
  });
  return router;
}
