import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

/** Ids are 32-bit integers in both databases: a larger one is a clear BAD_USER_INPUT, never a 500. */
describe('ids out of range', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment();
  });
  afterAll(() => env.stop());

  it.each([
    ['a member', `{ member(id: "3000000000") { id } }`, 'id'],
    ['an order', `{ order(id: "2147483648") { id } }`, 'id'],
    ['a reward', `{ reward(id: "99999999999") { id } }`, 'id'],
    ['an earning rule', `{ earningRule(id: "4294967296") { id } }`, 'id'],
  ])('refuses %s id above 2^31 - 1 with a field error', async (_what, query, field) => {
    const response = await env.gql(query, {}, await env.adminToken());
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field }] });
  });
});
