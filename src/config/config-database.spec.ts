import { ConfigError, loadConfig } from './config';

describe('database timeouts from the environment', () => {
  it('defaults to 5 s to connect, 5 s for a pooled connection and 10 s per statement', () => {
    expect(loadConfig({}).databaseTimeouts).toEqual({ connectMs: 5_000, acquireMs: 5_000, queryMs: 10_000 });
  });

  it('takes DB_CONNECT_TIMEOUT_MS, DB_ACQUIRE_TIMEOUT_MS and DB_QUERY_TIMEOUT_MS in milliseconds', () => {
    const config = loadConfig({
      DB_CONNECT_TIMEOUT_MS: '750',
      DB_ACQUIRE_TIMEOUT_MS: '1500',
      DB_QUERY_TIMEOUT_MS: '30000',
    });
    expect(config.databaseTimeouts).toEqual({ connectMs: 750, acquireMs: 1_500, queryMs: 30_000 });
  });

  it('refuses timeouts that are not whole numbers, or too short to ever succeed, one line each', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ DB_CONNECT_TIMEOUT_MS: '0', DB_ACQUIRE_TIMEOUT_MS: '2s', DB_QUERY_TIMEOUT_MS: '-1' });
    } catch (caught) {
      error = caught as ConfigError;
    }
    expect(error?.problems).toEqual([
      'DB_CONNECT_TIMEOUT_MS must be a whole number from 100 to 600000 (got "0")',
      'DB_ACQUIRE_TIMEOUT_MS must be a whole number from 100 to 600000 (got "2s")',
      'DB_QUERY_TIMEOUT_MS must be a whole number from 100 to 3600000 (got "-1")',
    ]);
  });
});
