import { randomUUID } from 'node:crypto';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const NOW = '2031-05-06T10:00:00.000Z';

/**
 * With REDIS_URL, every instance spends the same budget (RateLimiterRedis): a member who used it up on
 * one instance is refused on the other. A unique key prefix keeps this test's counters its own.
 */
describe('rate limits shared across instances through Redis', () => {
  let first: TestEnvironment;
  let second: TestEnvironment;

  beforeAll(async () => {
    const env = {
      REDIS_URL,
      RATE_LIMIT_KEY_PREFIX: `test:rl:${randomUUID()}`,
      RATE_LIMIT_MEMBER: '4',
      RATE_LIMIT_WINDOW_SECONDS: '120',
    };
    first = await createTestEnvironment({ now: NOW, env });
    second = await createTestEnvironment({ now: NOW, env });
  });
  afterAll(async () => {
    await first?.stop();
    await second?.stop();
  });

  it('refuses on one instance the request that goes past a budget spent on both', async () => {
    const token = await first.memberToken(7);
    const ask = async (env: TestEnvironment) => {
      const response = await env
        .http()
        .post('/graphql')
        .set('authorization', `Bearer ${token}`)
        .send({ query: '{ __typename }' });
      return [response.status, response.headers['ratelimit-remaining']];
    };

    expect(await ask(first)).toEqual([200, '3']);
    expect(await ask(second)).toEqual([200, '2']);
    expect(await ask(first)).toEqual([200, '1']);
    expect(await ask(second)).toEqual([200, '0']);
    const refused = await second
      .http()
      .post('/graphql')
      .set('authorization', `Bearer ${token}`)
      .send({ query: '{ __typename }' });
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect((await ask(first))[0]).toBe(429);

    // Another member's budget is untouched on either instance.
    const other = await first.memberToken(8);
    const fresh = await second
      .http()
      .post('/graphql')
      .set('authorization', `Bearer ${other}`)
      .send({ query: '{ __typename }' });
    expect(fresh.status).toBe(200);
  });
});
