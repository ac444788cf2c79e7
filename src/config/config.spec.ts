import { randomBytes } from 'node:crypto';
import { TEST_JWT_SECRET } from '../../test/harness/test-environment';
import { ConfigError, DEVELOPMENT_JWT_SECRET, loadConfig } from './config';
import { DEVELOPMENT_PLUGIN_SECRETS_KEY } from './public-secrets';

describe('configuration from the environment', () => {
  it('defaults to embedded SQLite under ./data, port 4000 and a development secret', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toMatch(/^sqlite:.*data[\\/]loyalty\.sqlite$/);
    expect(config.port).toBe(4000);
    expect(config.jwt.secret).toBe(DEVELOPMENT_JWT_SECRET);
    expect(config.seedDemoData).toBe(true);
  });

  it('accepts MySQL and MariaDB URLs and Redis URLs', () => {
    const config = loadConfig({
      DATABASE_URL: 'mysql://root@127.0.0.1:3306/loyalty',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    expect(config.databaseUrl).toBe('mysql://root@127.0.0.1:3306/loyalty');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
  });

  it('reports every bad value at once, one clear line each', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'postgres://x',
        REDIS_URL: 'http://nope',
        NODE_ENV: 'staging',
        LOG_LEVEL: 'loud',
        JWT_SECRET: 'short',
      });
    } catch (caught) {
      error = caught as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems).toEqual([
      'NODE_ENV must be one of development, test, production (got "staging")',
      'PORT must be a whole number from 0 to 65535 (got "eighty")',
      'DATABASE_URL must be mysql://user:pass@host:port/db, mariadb://... or sqlite:<file>',
      'REDIS_URL must be a URL starting with redis:// or rediss://',
      'JWT_SECRET must be at least 32 characters (HS256 needs a 256-bit key)',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
    ]);
  });

  it('reads DEFAULT_PHONE_REGION as an upper-case country code, none by default, and refuses an unknown one', () => {
    expect(loadConfig({}).defaultPhoneRegion).toBeUndefined();
    expect(loadConfig({ DEFAULT_PHONE_REGION: 'de' }).defaultPhoneRegion).toBe('DE');
    expect(() => loadConfig({ DEFAULT_PHONE_REGION: 'XX' })).toThrow(
      'DEFAULT_PHONE_REGION must be a two-letter country code with a telephone numbering plan, e.g. DE (got "XX")',
    );
  });

  it('serves no metrics by default, and reads METRICS_PORT, METRICS_HOST and METRICS_TOKEN', () => {
    expect(loadConfig({}).metrics).toEqual({ port: undefined, host: '0.0.0.0', token: undefined });
    const token = randomBytes(16).toString('hex');
    expect(
      loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5', METRICS_TOKEN: token }).metrics,
    ).toEqual({
      port: 9464,
      host: '10.0.0.5',
      token,
    });
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(
      /METRICS_TOKEN must be at least 16 characters/,
    );
    expect(() => loadConfig({ METRICS_PORT: 'nine' })).toThrow(/METRICS_PORT must be a whole number/);
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        JWT_SECRET: token + token,
        METRICS_TOKEN: 'metrics-token-for-the-e2e-test',
      }),
    ).toThrow(/METRICS_TOKEN is a publicly known value/);
  });

  it('refuses to start in production without a JWT secret or JWKS URL', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET or JWKS_URL is required/);
  });

  it('turns off demo data and cross-origin calls by default in production', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      JWKS_URL: 'https://idp.example.com/.well-known/jwks.json',
    });
    expect(config.seedDemoData).toBe(false);
    expect(config.corsOrigins).toBe(false);
  });
});

describe('publicly known secrets', () => {
  const production = { NODE_ENV: 'production' };

  it('refuses the development JWT secret in production', () => {
    expect(() => loadConfig({ ...production, JWT_SECRET: DEVELOPMENT_JWT_SECRET })).toThrow(
      /JWT_SECRET is a publicly known value/,
    );
  });

  it('refuses the test harness and benchmark secrets in production, even next to a JWKS URL', () => {
    for (const secret of [TEST_JWT_SECRET, 'benchmark-secret-that-is-at-least-32-characters']) {
      expect(() =>
        loadConfig({ ...production, JWT_SECRET: secret, JWKS_URL: 'https://idp.example.com/jwks.json' }),
      ).toThrow(/JWT_SECRET is a publicly known value/);
    }
  });

  it('refuses the development plugin secrets key in production, in hex and in base64', () => {
    const base64 = Buffer.from(DEVELOPMENT_PLUGIN_SECRETS_KEY, 'hex').toString('base64');
    for (const key of [DEVELOPMENT_PLUGIN_SECRETS_KEY, base64]) {
      expect(() =>
        loadConfig({ ...production, JWT_SECRET: randomBytes(32).toString('hex'), PLUGIN_SECRETS_KEY: key }),
      ).toThrow(/PLUGIN_SECRETS_KEY is a publicly known value/);
    }
  });

  it('accepts secrets of its own in production, with no warning', () => {
    const config = loadConfig({
      ...production,
      JWT_SECRET: randomBytes(32).toString('hex'),
      PLUGIN_SECRETS_KEY: randomBytes(32).toString('hex'),
      PLUGINS: 'shopify',
      CORS_ORIGINS: 'https://shop.example.com',
    });
    expect(config.warnings).toEqual([]);
  });

  it('seals outbound webhook secrets with the plugin secrets key, and says so in production when it is unset', () => {
    const key = randomBytes(32).toString('hex');
    const own = {
      ...production,
      JWT_SECRET: randomBytes(32).toString('hex'),
      CORS_ORIGINS: 'https://a.example',
    };
    expect(loadConfig({ ...own, PLUGIN_SECRETS_KEY: key }).outboundWebhooks.secretsKey).toEqual(
      Buffer.from(key, 'hex'),
    );
    const unset = loadConfig(own);
    expect(unset.outboundWebhooks.secretsKey).toBeNull();
    expect(unset.warnings).toEqual([
      'PLUGIN_SECRETS_KEY is not set: outbound webhook endpoints cannot be created or rotated (their secrets are sealed with it)',
    ]);
    expect(loadConfig({ NODE_ENV: 'test' }).outboundWebhooks.secretsKey).toEqual(
      Buffer.from(DEVELOPMENT_PLUGIN_SECRETS_KEY, 'hex'),
    );
  });

  it('warns outside production when development defaults are in use', () => {
    const config = loadConfig({ PLUGINS: 'shopify' });
    expect(config.warnings).toEqual([
      'JWT_SECRET is a publicly known development value: anyone can mint tokens for this server',
      'PLUGIN_SECRETS_KEY is not set: plugin secrets are sealed with the public development key',
      'CORS_ORIGINS is not set: any web origin may call /graphql',
    ]);
  });

  it('warns outside production when a committed plugin secrets key is set explicitly', () => {
    const config = loadConfig({ NODE_ENV: 'test', PLUGIN_SECRETS_KEY: DEVELOPMENT_PLUGIN_SECRETS_KEY });
    expect(config.warnings).toContain('PLUGIN_SECRETS_KEY is a publicly known development value');
  });
});
