import { ConfigError, DEVELOPMENT_JWT_SECRET, loadConfig } from './config';

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
