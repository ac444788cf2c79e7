import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { consoleSignInRoutes, type ConsoleSignInConfig } from './console-sign-in';

/** dist/console from the built server (dist/src/server) or from the sources under ts-jest (src/server). */
function consoleDirectory(): string | null {
  const candidates = [
    path.resolve(__dirname, '..', '..', 'console'),
    path.resolve(__dirname, '..', '..', 'dist', 'console'),
  ];
  // The source folder console/ has an index.html too; only a build has assets/.
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'assets'))) ?? null;
}

/**
 * The support console at /console: static files built by `npm run build` (Vite), and its sign-in
 * settings (console-sign-in.ts). It holds no secret: the token (OIDC, demo or pasted) stays in the
 * page, which sends it on every request and in graphql-ws connection_init.
 */
export function consoleRoutes(config: ConsoleSignInConfig): Router {
  const router = express.Router();
  router.use(consoleSignInRoutes(config));
  const directory = consoleDirectory();
  if (!directory) {
    router.get(/^\/console(\/.*)?$/, (_req, res) => {
      res.status(404).type('text/plain').send('The console is not built: run npm run build');
    });
    return router;
  }
  // Relative asset URLs need the trailing slash; Express matches /console/ here too, so check the path.
  router.get('/console', (req, res, next) =>
    req.originalUrl.split('?')[0] === '/console' ? res.redirect(301, '/console/') : next(),
  );
  router.use(
    '/console',
    express.static(directory, { index: 'index.html', maxAge: '1h', setHeaders: noCacheForIndex }),
  );
  return router;
}

/** Hashed assets may be cached; the page that names them must not be. */
function noCacheForIndex(res: express.Response, file: string): void {
  if (file.endsWith('index.html')) res.setHeader('Cache-Control', 'no-cache');
}
