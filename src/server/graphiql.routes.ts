import fs from 'node:fs';
import path from 'node:path';
import express, { type Request, type Router } from 'express';

/** dist/graphiql from the built server (dist/src/server) or from the sources under ts-jest (src/server). */
function graphiqlDirectory(): string | null {
  const candidates = [
    path.resolve(__dirname, '..', '..', 'graphiql'),
    path.resolve(__dirname, '..', '..', 'dist', 'graphiql'),
  ];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html'))) ?? null;
}

/**
 * A browser navigating to /graphql asks for HTML first; GraphQL clients ask for JSON or send no Accept
 * (then JSON wins, being listed first). The same negotiation Apollo used for its landing page.
 */
function wantsHtml(req: Request): boolean {
  return req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

/**
 * The development GraphQL IDE: GraphiQL, bundled by `npm run build` (console/graphiql, Vite) and served
 * from this server, so it works with no internet (Apollo's landing page loaded Sandbox from a CDN and
 * stayed blank offline). The page answers GET /graphql for browser navigation; its assets live under
 * /graphql/ide/. Mounted only in development: production (and test) serve no IDE.
 */
export function graphiqlRoutes(): Router {
  const router = express.Router();
  const directory = graphiqlDirectory();
  router.get('/graphql', (req, res, next) => {
    if (!wantsHtml(req)) return next();
    if (!directory) {
      res.status(404).type('text/plain').send('The GraphQL IDE is not built: run npm run build');
      return;
    }
    // The page names hashed assets: it must be revalidated, they may be cached.
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(path.join(directory, 'index.html'));
  });
  if (directory) {
    router.use('/graphql/ide', express.static(directory, { index: false, maxAge: '1h' }));
  }
  // A missing asset is a 404 here, not a GraphQL request for Apollo to refuse.
  router.use('/graphql/ide', (_req, res) => {
    res.status(404).type('text/plain').send('Not found');
  });
  return router;
}
