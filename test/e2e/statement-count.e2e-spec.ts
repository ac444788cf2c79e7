import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

const LIST = `query ($first: Int!) { members(first: $first) {
  edges { node { id firstName channelIdentities { channel externalId member { id } } mergedInto { id } } }
} }`;

describe('SQL statements per operation', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment({ seedDemoData: true });
  }, 120_000);
  afterAll(() => env.stop());

  it('lists 100 members with their channel identities in the same few statements as 5 members', async () => {
    const staff = await env.staffToken();
    const small = await env.countStatements(() => env.gql(LIST, { first: 5 }, staff));
    const large = await env.countStatements(() => env.gql(LIST, { first: 100 }, staff));

    const edges = (large.result.data as { members: { edges: { node: { channelIdentities: unknown[] } }[] } })
      .members.edges;
    expect(edges).toHaveLength(100);
    expect(edges.every((edge) => edge.node.channelIdentities.length > 0)).toBe(true);
    // One statement for the page and one for all identities of the page; the identities' `member`
    // is served from the same request's loader in one more batched statement at most.
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(3);
  });
});
