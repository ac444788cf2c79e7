import { createLogger } from '../../common/logger';
import { readRateLimitConfig } from './rate-limit.config';
import { RateLimits } from './rate-limits';

const logger = createLogger('silent');

describe('RateLimits when Redis is unreachable', () => {
  it('fails open to the in-memory insurance: requests go through and the budget still holds per instance', async () => {
    const config = readRateLimitConfig({ RATE_LIMIT_MEMBER: '2' }, 'production', []);
    // Port 1 refuses connections at once: the limiter must neither hang nor refuse because of it.
    const limits = await RateLimits.create(config, 'redis://127.0.0.1:1', logger);
    try {
      const caller = { key: 'member:1', role: 'member' as const };
      const decisions = [
        await limits.consumeRequest(caller),
        await limits.consumeRequest(caller),
        await limits.consumeRequest(caller),
      ];
      expect(decisions.map((d) => d?.allowed)).toEqual([true, true, false]);
      expect(decisions[2]).toMatchObject({ scope: 'request', limit: 2, remaining: 0 });
    } finally {
      await limits.close();
    }
  });
});

describe('rate limit configuration', () => {
  it('uses production budgets by default and multiplies them under NODE_ENV=test', () => {
    const production = readRateLimitConfig({}, 'production', []);
    const test = readRateLimitConfig({}, 'test', []);
    expect(production.requests.anonymous).toEqual({ points: 300, windowSeconds: 60 });
    expect(production.failedAuth).toEqual({ points: 20, windowSeconds: 900 });
    expect(test.requests.anonymous.points).toBe(3_000_000);
    expect(readRateLimitConfig({ RATE_LIMIT_ANONYMOUS: '5' }, 'test', []).requests.anonymous.points).toBe(5);
  });

  it('reports a bad value as a configuration problem', () => {
    const problems: string[] = [];
    readRateLimitConfig({ RATE_LIMIT_MEMBER: 'lots', RATE_LIMIT_ENABLED: 'maybe' }, 'production', problems);
    expect(problems).toEqual([
      'RATE_LIMIT_ENABLED must be true or false (got "maybe")',
      'RATE_LIMIT_MEMBER must be a whole number from 1 to 1000000000 (got "lots")',
    ]);
  });
});
