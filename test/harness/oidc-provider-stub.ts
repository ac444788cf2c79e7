import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

export interface OidcProviderStub {
  issuer: string;
  /** Every grant the token endpoint answered, in order. */
  grants: { grantType: string; accessToken: string }[];
  /** The authorization request's query, as the browser sent it. */
  authorizations: URLSearchParams[];
  /** Mints an access token the API accepts (for fixtures). */
  accessToken(subject: string, role: string, seconds?: number): Promise<string>;
  close(): Promise<void>;
}

/**
 * A tiny OpenID provider on loopback for browser specs: discovery, JWKS (RS256), an authorization
 * endpoint that approves at once (redirecting with a code), and a token endpoint that checks the PKCE
 * verifier against the S256 challenge and answers authorization_code and refresh_token grants with
 * short-lived access tokens (`tokenSeconds`) for `user`.
 */
export async function startOidcProviderStub(options: {
  clientId: string;
  audience: string;
  user: { subject: string; role: string };
  tokenSeconds: number;
}): Promise<OidcProviderStub> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'stub-1', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const refreshTokens = new Set<string>();
  const grants: OidcProviderStub['grants'] = [];
  const authorizations: URLSearchParams[] = [];
  let issuer = '';

  const accessToken = (subject: string, role: string, seconds = options.tokenSeconds) =>
    new SignJWT({ role })
      .setProtectedHeader({ alg: 'RS256', kid: 'stub-1' })
      .setIssuer(issuer)
      .setAudience(options.audience)
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + seconds)
      .sign(privateKey);

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
    res.end(JSON.stringify(body));
  };
  const tokens = async (res: http.ServerResponse, grantType: string) => {
    const access = await accessToken(options.user.subject, options.user.role);
    const refresh = crypto.randomBytes(16).toString('hex');
    refreshTokens.add(refresh);
    grants.push({ grantType, accessToken: access });
    json(res, 200, {
      access_token: access,
      token_type: 'Bearer',
      expires_in: options.tokenSeconds,
      refresh_token: refresh,
    });
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-headers': 'content-type, accept',
        'access-control-allow-methods': 'GET, POST',
      });
      return res.end();
    }
    if (url.pathname === '/.well-known/openid-configuration')
      return json(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
        grant_types_supported: ['authorization_code', 'refresh_token'],
      });
    if (url.pathname === '/jwks') return json(res, 200, { keys: [jwk] });
    if (url.pathname === '/authorize') {
      const query = url.searchParams;
      authorizations.push(query);
      if (query.get('client_id') !== options.clientId || query.get('code_challenge_method') !== 'S256')
        return json(res, 400, { error: 'invalid_request' });
      const code = crypto.randomBytes(16).toString('hex');
      codes.set(code, { challenge: query.get('code_challenge')!, redirectUri: query.get('redirect_uri')! });
      const back = new URL(query.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', query.get('state') ?? '');
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        const grantType = form.get('grant_type') ?? '';
        if (form.get('client_id') !== options.clientId) return json(res, 401, { error: 'invalid_client' });
        if (grantType === 'authorization_code') {
          const pending = codes.get(form.get('code') ?? '');
          codes.delete(form.get('code') ?? '');
          const verifier = form.get('code_verifier') ?? '';
          const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
          if (!pending || pending.challenge !== challenge || pending.redirectUri !== form.get('redirect_uri'))
            return json(res, 400, { error: 'invalid_grant', error_description: 'PKCE or redirect mismatch' });
          return void tokens(res, grantType);
        }
        if (grantType === 'refresh_token' && refreshTokens.delete(form.get('refresh_token') ?? ''))
          return void tokens(res, grantType);
        return json(res, 400, { error: 'invalid_grant' });
      });
      return;
    }
    json(res, 404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    get issuer() {
      return issuer;
    },
    grants,
    authorizations,
    accessToken,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
