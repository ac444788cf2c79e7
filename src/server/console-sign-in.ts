import express, { type Router } from 'express';
import { issueToken } from '../auth/token-issuer';
import type { AppConfig } from '../config/config';

/** What the console needs to sign staff in; nothing here is secret. */
export interface ConsoleSignInSettings {
  environment: AppConfig['nodeEnv'];
  /** OIDC authorization code + PKCE against the issuer the API trusts; null when not configured. */
  oidc: { issuer: string; clientId: string; scope: string; audience: string | null } | null;
  /** Roles the one-click demo sign-in offers; empty in production (the route does not exist there). */
  demoRoles: ('staff' | 'admin')[];
}

const DEMO_ROLES = ['staff', 'admin'] as const;
type DemoRole = (typeof DEMO_ROLES)[number];
/** Short on purpose: a demo token is for clicking around, and the console signs in again in one click. */
const DEMO_TOKEN_SECONDS = 60 * 60;

export type ConsoleSignInConfig = Pick<AppConfig, 'nodeEnv' | 'jwt'> & {
  console: { oidcClientId?: string; oidcScope: string };
};

/** One-click demo tokens exist only outside production and only where this server signs its own tokens. */
export function demoSignInAllowed(config: ConsoleSignInConfig): boolean {
  return config.nodeEnv !== 'production' && Boolean(config.jwt.secret);
}

export function consoleSignInSettings(config: ConsoleSignInConfig): ConsoleSignInSettings {
  const { issuer, audience } = config.jwt;
  const clientId = config.console.oidcClientId;
  return {
    environment: config.nodeEnv,
    oidc:
      issuer && clientId
        ? { issuer, clientId, scope: config.console.oidcScope, audience: audience ?? null }
        : null,
    demoRoles: demoSignInAllowed(config) ? [...DEMO_ROLES] : [],
  };
}

/**
 * GET /console/settings.json (unauthenticated: the console reads it before anyone signs in) and, outside
 * production only, POST /console/demo-sign-in `{ "role": "staff" | "admin" }` → a one-hour token minted
 * by the development token issuer. In production the second route is never registered: a request to
 * it is the console's static 404, whatever it sends.
 */
export function consoleSignInRoutes(config: ConsoleSignInConfig): Router {
  const router = express.Router();
  const settings = consoleSignInSettings(config);
  router.get('/console/settings.json', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(settings);
  });
  if (!demoSignInAllowed(config)) return router;

  const secret = config.jwt.secret!;
  router.post('/console/demo-sign-in', express.json({ limit: '1kb' }), async (req, res, next) => {
    try {
      const role = (req.body as { role?: unknown } | undefined)?.role;
      if (!DEMO_ROLES.includes(role as DemoRole)) {
        res.status(400).json({ error: 'role must be "staff" or "admin"', code: 'BAD_USER_INPUT' });
        return;
      }
      const subject = `demo-${role as DemoRole}`;
      const token = await issueToken(secret, {
        role: role as DemoRole,
        subject,
        expiresIn: `${DEMO_TOKEN_SECONDS}s`,
        issuer: config.jwt.issuer,
        audience: config.jwt.audience,
      });
      res.setHeader('Cache-Control', 'no-store');
      res.json({ token, role, subject, expiresInSeconds: DEMO_TOKEN_SECONDS });
    } catch (error) {
      next(error);
    }
  });
  return router;
}
