import type { Request, RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Security headers (helmet) for every answer: nosniff, frame-options DENY, no referrer, same-origin
 * opener and resource policies. Content-Security-Policy differs by route:
 * - /console: the Vite-built SPA loads only its own hashed assets and talks to /graphql on its own
 *   origin (HTTP and graphql-ws: CSP 3 lets 'self' cover ws:/wss: on the same host);
 * - /graphql: the same self-only policy, for the development IDE (GraphiQL bundled by Vite and served
 *   from /graphql/ide/: no CDN, no inline script or style; its fonts and icons are data: URLs); the
 *   GraphQL answers themselves are JSON, which a browser never renders;
 *   when the console signs staff in through OIDC, it may also reach the identity provider's origin
 *   (discovery and the token endpoint, for the code exchange and refresh);
 * - everything else (health, webhooks, 404s): nothing may load at all.
 * HSTS only on answers that went out over TLS (directly, or through a proxy that says so in
 * X-Forwarded-Proto): over plain HTTP browsers ignore it, and a development server must not pin it.
 */
export function securityHeaders(options: { consoleIdentityProvider?: string } = {}): RequestHandler[] {
  const common = helmet({
    contentSecurityPolicy: false,
    strictTransportSecurity: false,
    frameguard: { action: 'deny' },
  });
  const pageDirectives = {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  };
  const pagePolicy = helmet.contentSecurityPolicy({ useDefaults: false, directives: pageDirectives });
  const consolePolicy = options.consoleIdentityProvider
    ? helmet.contentSecurityPolicy({
        useDefaults: false,
        directives: {
          ...pageDirectives,
          connectSrc: ["'self'", new URL(options.consoleIdentityProvider).origin],
        },
      })
    : pagePolicy;
  const apiPolicy = helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  });
  const hsts = helmet.strictTransportSecurity();
  return [
    common,
    (req, res, next) => {
      const path = req.path;
      if (path === '/console' || path.startsWith('/console/')) return consolePolicy(req, res, next);
      if (path === '/graphql' || path.startsWith('/graphql/')) return pagePolicy(req, res, next);
      return apiPolicy(req, res, next);
    },
    (req, res, next) => (overTls(req) ? hsts(req, res, next) : next()),
  ];
}

/**
 * Whether the client reached us over TLS. X-Forwarded-Proto is read without `trust proxy`: a client
 * that forges it only earns an HSTS header over plain HTTP, which its browser ignores.
 */
function overTls(req: Request): boolean {
  if (req.secure) return true;
  const forwarded = req.headers['x-forwarded-proto'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase();
  return first === 'https';
}
