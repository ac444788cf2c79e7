import { Router } from 'express';
import type { Database } from '../data/database';

/**
 * How long `/readyz` waits for the database: under a second, so the probe says "not ready" within an
 * orchestrator's default probe timeout (Kubernetes: 1 s) instead of hanging while the network stalls.
 */
const READINESS_TIMEOUT_MS = 800;

/**
 * `/healthz`: the process is alive (never asks the database: an outage must not get the process killed).
 * `/readyz`: the database answers within READINESS_TIMEOUT_MS and every migration has run.
 */
export function healthRoutes(db: Database): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    try {
      if (await db.isReady(READINESS_TIMEOUT_MS)) {
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
