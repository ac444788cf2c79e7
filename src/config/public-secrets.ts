/**
 * Secrets that anyone with this repository knows: the development defaults, the test harness's and
 * the benchmarks' keys, and the sample values in docs and plugin tests. A token signed with one of
 * them, or a plugin secret sealed with one, is forgeable or readable by anyone, so production refuses
 * them at start and other environments warn. Add here any secret-looking value committed to the repo
 * (public-secrets.spec.ts scans the tracked files and fails on one that is missing).
 */

/** Used only outside production so that `npm start` works on a fresh clone; production must set its own. */
export const DEVELOPMENT_JWT_SECRET = 'development-only-secret-change-me-0123456789';

/** Outside production without PLUGIN_SECRETS_KEY: a fixed key (32 bytes as hex), so `npm start` works. */
export const DEVELOPMENT_PLUGIN_SECRETS_KEY = Buffer.from('development-only-plugin-secrets!').toString('hex');

const KNOWN_PUBLIC_SECRETS: readonly string[] = [
  DEVELOPMENT_JWT_SECRET,
  DEVELOPMENT_PLUGIN_SECRETS_KEY,
  // test/harness/test-environment.ts (TEST_JWT_SECRET), src/auth/token-verifier.spec.ts
  'test-secret-that-is-at-least-32-characters-long',
  'unit-test-secret-of-at-least-32-characters',
  // bench/*.ts
  'benchmark-secret-that-is-at-least-32-characters',
  'shpss_bench_client_secret_0123456789',
  // plugins/*/test samples (webhook and partner secrets, partner API keys)
  'shpss_test_client_secret_0123456789',
  'whsec_test_0123456789abcdefghijklmnop',
  'whsec_someone_elses_secret_0000',
  'whsec_the_old_secret_000000000',
  'sky-shared-secret-0123456789',
  'sky-outbound-key-123',
  'flaky-shared-secret-012345678',
  'flaky-outbound-key-1',
  'typeform-webhook-secret-0123',
  'wc-webhook-secret-123',
  // test/e2e plugin fixtures, and the example in plugins/README.md
  'greedy-secret-value',
  'typeform-secret-0123456789',
  'a-long-test-secret',
  // METRICS_TOKEN in test/e2e/metrics.e2e-spec.ts and bench/observability.bench.ts
  'metrics-token-for-the-e2e-test',
  'bench-metrics-token-0123456789',
];

/**
 * True for a value committed to this repository. PLUGIN_SECRETS_KEY may be given as hex or base64,
 * so 32-byte keys are compared by their bytes too: the development key in base64 is the same key.
 */
export function isPublicSecret(value: string): boolean {
  const trimmed = value.trim();
  if (KNOWN_PUBLIC_SECRETS.includes(trimmed)) return true;
  const bytes = keyBytes(trimmed);
  return bytes !== null && bytes.equals(Buffer.from(DEVELOPMENT_PLUGIN_SECRETS_KEY, 'hex'));
}

function keyBytes(text: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) return null;
  const decoded = Buffer.from(text, 'base64');
  return decoded.length === 32 ? decoded : null;
}
