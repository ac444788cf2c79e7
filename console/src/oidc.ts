/**
 * Staff sign-in through the identity provider the API trusts: OpenID Connect authorization code with
 * PKCE (S256), a public client (no secret in the browser), then refresh before the access token
 * expires. Written on WebCrypto and fetch (about a hundred lines) rather than with a library: the
 * console needs only discovery, the code exchange and the refresh grant; the API verifies every
 * access token it receives against the provider's keys, so the console does not validate tokens.
 */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  scope: string;
  audience: string | null;
}

export interface Tokens {
  accessToken: string;
  refreshToken: string | null;
  /** Seconds the access token lives, as the provider said. */
  expiresIn: number;
}

interface Metadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
}

const PENDING_KEY = 'loyalty-console-oidc-pending';
/** Refresh this long before expiry (or halfway through a shorter life). */
const REFRESH_MARGIN_SECONDS = 60;

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const randomString = () => base64url(crypto.getRandomValues(new Uint8Array(32)));
const redirectUri = () => `${location.origin}/console/`;

async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

async function discover(issuer: string): Promise<Metadata> {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`The identity provider's discovery failed (${response.status})`);
  const metadata = (await response.json()) as Metadata;
  if (metadata.issuer !== issuer) throw new Error('The identity provider names another issuer');
  return metadata;
}

/** Leaves for the provider's sign-in page; the verifier and state wait in sessionStorage. */
export async function startSignIn(settings: OidcSettings): Promise<void> {
  const metadata = await discover(settings.issuer);
  const verifier = randomString();
  const state = randomString();
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state }));
  const url = new URL(metadata.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: redirectUri(),
    scope: settings.scope.includes('offline_access') ? settings.scope : `${settings.scope} offline_access`,
    state,
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
    ...(settings.audience ? { audience: settings.audience } : {}),
  }).toString();
  location.assign(url.toString());
}

/** True when the page was opened by the provider's redirect (code or error in the query). */
export const isCallback = () => /[?&](code|error)=/.test(location.search);

async function tokenRequest(settings: OidcSettings, body: Record<string, string>): Promise<Tokens> {
  const metadata = await discover(settings.issuer);
  const response = await fetch(metadata.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ client_id: settings.clientId, ...body }),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  if (!response.ok || typeof answer.access_token !== 'string')
    throw new Error(
      `The identity provider refused: ${String(answer.error_description ?? answer.error ?? response.status)}`,
    );
  return {
    accessToken: answer.access_token,
    refreshToken: typeof answer.refresh_token === 'string' ? answer.refresh_token : null,
    expiresIn: Number(answer.expires_in ?? 300),
  };
}

/** Back from the provider: checks the state, exchanges the code with the verifier, cleans the URL. */
export async function finishSignIn(settings: OidcSettings): Promise<Tokens> {
  const params = new URLSearchParams(location.search);
  history.replaceState(null, '', location.pathname);
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as {
    verifier: string;
    state: string;
  } | null;
  sessionStorage.removeItem(PENDING_KEY);
  if (params.get('error'))
    throw new Error(`Sign-in refused: ${params.get('error_description') ?? params.get('error')}`);
  if (!pending || params.get('state') !== pending.state)
    throw new Error('Sign-in answer did not match (state)');
  return tokenRequest(settings, {
    grant_type: 'authorization_code',
    code: params.get('code') ?? '',
    redirect_uri: redirectUri(),
    code_verifier: pending.verifier,
  });
}

/**
 * Keeps the access token fresh: a refresh grant shortly before each expiry, handing every new token
 * to `onToken`. Without a refresh token (or when refresh fails) `onExpired` says sign in again.
 */
export function keepFresh(
  settings: OidcSettings,
  tokens: Tokens,
  onToken: (accessToken: string) => void,
  onExpired: (reason: string) => void,
): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const schedule = (current: Tokens) => {
    if (!current.refreshToken) return;
    const lead = Math.min(REFRESH_MARGIN_SECONDS, current.expiresIn / 2);
    timer = setTimeout(
      () => {
        tokenRequest(settings, { grant_type: 'refresh_token', refresh_token: current.refreshToken! }).then(
          (next) => {
            onToken(next.accessToken);
            schedule({ ...next, refreshToken: next.refreshToken ?? current.refreshToken });
          },
          (error: Error) => onExpired(error.message),
        );
      },
      Math.max(current.expiresIn - lead, 1) * 1000,
    );
  };
  schedule(tokens);
  return () => {
    if (timer) clearTimeout(timer);
  };
}
