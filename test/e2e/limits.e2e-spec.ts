import {
  createTestEnvironment,
  type GraphQLResponse,
  type TestEnvironment,
} from '../harness/test-environment';
import { registerMember } from '../harness/members.fixtures';
import { deepQuery, runOverWs, type WsOutcome } from '../harness/operations';

/**
 * The limits every operation passes before any resolver runs (config defaults: body 100 kB, 5,000 tokens,
 * depth 10, 30 aliases, cost 5,000), over HTTP and over graphql-ws alike.
 */
describe('request limits', () => {
  let env: TestEnvironment;
  let staff: string;
  let memberId: string;
  let memberToken: string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    staff = await env.staffToken();
    const member = await registerMember(env, {
      channelIdentities: [{ channel: 'pos', externalId: 'limits-1' }],
    });
    memberId = member.id;
    memberToken = await env.memberToken(member.id);
  });
  afterAll(() => env.stop());

  /** `count` aliased copies of `me { id }`: each would read the database if it ran. */
  const aliasedMe = (count: number) =>
    `{ ${Array.from({ length: count }, (_, i) => `m${i}:me{id}`).join(' ')} }`;

  /** A query exactly `depth` fields deep: member → channelIdentities → member → ... → id. */
  /** A members page asking for every member field and each identity's member again: about 60 per node. */
  const HEAVY_NODE = `id status firstName lastName birthday gender region email phone joinChannel joinedAt createdAt updatedAt
    marketingConsent { granted updatedAt } communicationPreferences { email sms push mail }
    closure { reason comment closedAt } mergedInto { id }
    channelIdentities { id channel externalId linkedAt member {
      id status firstName lastName birthday gender region email phone joinChannel joinedAt createdAt updatedAt
      marketingConsent { granted updatedAt } communicationPreferences { email sms push mail } } }`;
  const HEAVY_PAGE = `query ($first: Int!) { members(first: $first) { edges { cursor node { ${HEAVY_NODE} } } } }`;

  function expectTooComplex(response: GraphQLResponse) {
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.length).toBeGreaterThan(0);
    for (const error of response.errors!) expect(error.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  }

  describe('over HTTP', () => {
    it('refuses a body over 100 kB with HTTP 413 PAYLOAD_TOO_LARGE before anything runs', async () => {
      const { result, statements } = await env.countStatements(() =>
        env
          .http()
          .post('/graphql')
          .set('content-type', 'application/json')
          .set('authorization', `Bearer ${staff}`)
          .send({
            query: `mutation ($input: RegisterMemberInput!) { registerMember(input: $input) { id } }`,
            variables: {
              input: { joinChannel: 'pos', email: 'too.large@example.com', region: 'x'.repeat(150_000) },
            },
          }),
      );
      expect(result.status).toBe(413);
      expect(result.body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
      expect(result.body.errors[0].message).toMatch(/larger than allowed/);
      expect(statements).toBe(0);
    });

    it('accepts a body just under the limit, proving the 413 was about size', async () => {
      const response = await env
        .http()
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('authorization', `Bearer ${staff}`)
        .send({ query: `{ __typename }${' '.repeat(90_000)}` });
      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({ __typename: 'Query' });
    });

    it.each([
      ['a truncated object', '{"query": "{ me { id } }"'],
      ['a trailing comma', '{"query": "{ me { id } }",}'],
      ['single quotes', "{'query': '{ me { id } }'}"],
      ['plain text', 'query { me { id } }'],
    ])('refuses malformed JSON (%s) with HTTP 400 BAD_REQUEST', async (_label, body) => {
      const { result, statements } = await env.countStatements(() =>
        env
          .http()
          .post('/graphql')
          .set('content-type', 'application/json')
          .set('authorization', `Bearer ${memberToken}`)
          .send(body),
      );
      expect(result.status).toBe(400);
      expect(result.body.errors[0].extensions.code).toBe('BAD_REQUEST');
      expect(result.body.errors[0].message).toMatch(/not valid JSON/);
      expect(statements).toBe(0);
    });

    it('refuses a query of 5,000 aliases as QUERY_TOO_COMPLEX (over the token limit) without running a resolver', async () => {
      const query = aliasedMe(5000);
      expect(Buffer.byteLength(JSON.stringify({ query }))).toBeLessThan(100_000);
      const { result, statements } = await env.countStatements(() => env.gql(query, {}, memberToken));
      expect(result.status).toBe(400);
      expectTooComplex(result);
      expect(result.errors![0].message).toMatch(/tokens/);
      expect(statements).toBe(0);
    });

    it('refuses 40 aliases as QUERY_TOO_COMPLEX (alias limit) without running a resolver', async () => {
      const { result, statements } = await env.countStatements(() => env.gql(aliasedMe(40), {}, memberToken));
      expect(result.status).toBe(400);
      expectTooComplex(result);
      expect(result.errors![0].message).toMatch(/alias/i);
      expect(statements).toBe(0);
    });

    it('refuses 31 aliases but runs 30, the configured alias limit', async () => {
      const over = await env.gql(aliasedMe(31), {}, memberToken);
      expectTooComplex(over);
      const atLimit = await env.gql<Record<string, { id: string }>>(aliasedMe(30), {}, memberToken);
      expect(atLimit.errors).toBeUndefined();
      expect(Object.keys(atLimit.data!)).toHaveLength(30);
      expect(atLimit.data!.m29).toEqual({ id: memberId });
    });

    it('refuses a query nested deeper than 10 levels as QUERY_TOO_COMPLEX without running a resolver', async () => {
      const { result, statements } = await env.countStatements(() =>
        env.gql(deepQuery(16, memberId), {}, staff),
      );
      expect(result.status).toBe(400);
      expectTooComplex(result);
      expect(result.errors![0].message).toMatch(/depth/i);
      expect(statements).toBe(0);
    });

    it('refuses depth 11 but runs depth 10, the configured depth limit', async () => {
      const over = await env.gql(deepQuery(11, memberId), {}, staff);
      expectTooComplex(over);
      const atLimit = await env.gql<{ member: { id: string } }>(deepQuery(10, memberId), {}, staff);
      expect(atLimit.errors).toBeUndefined();
      expect(atLimit.data!.member.id).toBe(memberId);
    });

    it('refuses a page whose cost (first times the fields per node) exceeds 5,000 without running a resolver', async () => {
      const { result, statements } = await env.countStatements(() =>
        env.gql(HEAVY_PAGE, { first: 100 }, staff),
      );
      expect(result.status).toBe(400);
      expectTooComplex(result);
      expect(result.errors![0].extensions).toMatchObject({ maxCost: 5000 });
      expect(result.errors![0].extensions!.cost as number).toBeGreaterThan(5000);
      expect(statements).toBe(0);
    });

    it('runs the same page with a small first, so the cost follows the variables', async () => {
      const response = await env.gql<{ members: { edges: unknown[] } }>(HEAVY_PAGE, { first: 5 }, staff);
      expect(response.errors).toBeUndefined();
      expect(response.data!.members.edges.length).toBeGreaterThan(0);
    });

    it('refuses several aliased connections, under the alias limit, whose cost adds up past 5,000', async () => {
      const page = 'members(first: 100) { edges { node { id firstName lastName email phone } } }';
      const query = `{ ${Array.from({ length: 10 }, (_, i) => `p${i}: ${page}`).join(' ')} }`;
      const { result, statements } = await env.countStatements(() => env.gql(query, {}, staff));
      expectTooComplex(result);
      expect(result.errors![0].message).toMatch(/cost/i);
      expect(statements).toBe(0);
    });

    it('answers a syntax error with HTTP 400 GRAPHQL_PARSE_FAILED', async () => {
      const response = await env.gql(`{ member(id: "1") { id `, {}, staff);
      expect(response.status).toBe(400);
      expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['GRAPHQL_PARSE_FAILED']);
      expect(response.errors![0].message).toMatch(/Syntax Error/);
    });

    it('answers an unknown field with HTTP 400 GRAPHQL_VALIDATION_FAILED naming the field', async () => {
      const response = await env.gql(`{ members { edges { node { id shoeSize } } } }`, {}, staff);
      expect(response.status).toBe(400);
      expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(response.errors![0].message).toContain('shoeSize');
    });

    it('puts no stack trace and no source path in any error it returns', async () => {
      const responses: GraphQLResponse[] = [];
      const raw = async (body: string) => {
        const r = await env.http().post('/graphql').set('content-type', 'application/json').send(body);
        responses.push({ status: r.status, errors: r.body.errors });
      };
      responses.push(await env.gql(`{ member(id: "1") { id `, {}, staff));
      responses.push(await env.gql(`{ nope }`, {}, staff));
      responses.push(await env.gql(aliasedMe(5000), {}, memberToken));
      responses.push(await env.gql(aliasedMe(40), {}, memberToken));
      responses.push(await env.gql(deepQuery(16, memberId), {}, staff));
      responses.push(await env.gql(HEAVY_PAGE, { first: 100 }, staff));
      responses.push(await env.gql(`{ member(id: "987654") { id } }`, {}, staff));
      responses.push(await env.gql(`{ member(id: "abc") { id } }`, {}, staff));
      responses.push(await env.gql(`{ auditLog { edges { node { id } } } }`, {}, staff));
      responses.push(await env.gql(`{ members { totalCount } }`, {}, 'not-a-token'));
      responses.push(await env.gql(`{ members { totalCount } }`));
      responses.push(await env.gql(`query ($id: ID!) { member(id: $id) { id } }`, {}, staff));
      await raw('{"query": ');
      await raw(JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(150_000) } }));

      for (const response of responses) {
        expect(response.errors?.length).toBeGreaterThan(0);
        for (const error of response.errors!) {
          expect(error.extensions).toBeDefined();
          expect(error.extensions).not.toHaveProperty('stacktrace');
          expect(error.extensions).not.toHaveProperty('exception');
          expect(error.message).not.toMatch(/\n\s+at /);
          expect(JSON.stringify(error)).not.toMatch(/\/src\/|node_modules|\.ts:\d+/);
        }
      }
    });
  });

  describe('over graphql-ws', () => {
    function expectRefusedOverWs(outcome: WsOutcome, code: string) {
      expect(outcome.closed).toBeUndefined();
      expect(outcome.results).toEqual([]);
      expect(outcome.errors?.length).toBeGreaterThan(0);
      for (const error of outcome.errors!) {
        expect(error.extensions?.code).toBe(code);
        expect(error.extensions).not.toHaveProperty('stacktrace');
      }
    }

    it('answers an allowed query over the socket, so the refusals below are about the limits', async () => {
      const client = env.wsClient({ authorization: `Bearer ${memberToken}` });
      const outcome = await runOverWs(client, aliasedMe(30));
      expect(outcome.closed).toBeUndefined();
      expect(outcome.results).toHaveLength(1);
      expect(outcome.results[0].errors).toBeUndefined();
      expect((outcome.results[0].data as Record<string, { id: string }>).m0).toEqual({ id: memberId });
    });

    it('refuses 5,000 aliases as QUERY_TOO_COMPLEX (token limit) without running a resolver', async () => {
      const client = env.wsClient({ authorization: `Bearer ${memberToken}` });
      const { result, statements } = await env.countStatements(() => runOverWs(client, aliasedMe(5000)));
      expectRefusedOverWs(result, 'QUERY_TOO_COMPLEX');
      expect(result.errors![0].message).toMatch(/tokens/);
      expect(statements).toBe(0);
    });

    it('refuses 40 aliases as QUERY_TOO_COMPLEX (alias limit) without running a resolver', async () => {
      const client = env.wsClient({ authorization: `Bearer ${memberToken}` });
      const { result, statements } = await env.countStatements(() => runOverWs(client, aliasedMe(40)));
      expectRefusedOverWs(result, 'QUERY_TOO_COMPLEX');
      expect(result.errors![0].message).toMatch(/alias/i);
      expect(statements).toBe(0);
    });

    it('refuses a query nested deeper than 10 levels as QUERY_TOO_COMPLEX without running a resolver', async () => {
      const client = env.wsClient({ authorization: `Bearer ${staff}` });
      const { result, statements } = await env.countStatements(() =>
        runOverWs(client, deepQuery(16, memberId)),
      );
      expectRefusedOverWs(result, 'QUERY_TOO_COMPLEX');
      expect(result.errors![0].message).toMatch(/depth/i);
      expect(statements).toBe(0);
    });

    it('refuses a page whose cost exceeds 5,000 as QUERY_TOO_COMPLEX without running a resolver', async () => {
      const client = env.wsClient({ authorization: `Bearer ${staff}` });
      const { result, statements } = await env.countStatements(() =>
        runOverWs(client, HEAVY_PAGE, { first: 100 }),
      );
      expectRefusedOverWs(result, 'QUERY_TOO_COMPLEX');
      expect(result.errors![0].extensions).toMatchObject({ maxCost: 5000 });
      expect(statements).toBe(0);
    });

    it('answers a syntax error with GRAPHQL_PARSE_FAILED', async () => {
      const client = env.wsClient({ authorization: `Bearer ${staff}` });
      const outcome = await runOverWs(client, `{ member(id: "1") { id `);
      expectRefusedOverWs(outcome, 'GRAPHQL_PARSE_FAILED');
    });

    it('answers an unknown field with GRAPHQL_VALIDATION_FAILED', async () => {
      const client = env.wsClient({ authorization: `Bearer ${staff}` });
      const outcome = await runOverWs(client, `{ members { edges { node { id shoeSize } } } }`);
      expectRefusedOverWs(outcome, 'GRAPHQL_VALIDATION_FAILED');
      expect(outcome.errors![0].message).toContain('shoeSize');
    });

    it('closes the socket with 1009 (message too big) when a frame exceeds 100 kB, without running anything', async () => {
      const client = env.wsClient({ authorization: `Bearer ${staff}` });
      const { result, statements } = await env.countStatements(() =>
        runOverWs(client, `query ($pad: String) { members { totalCount } }`, { pad: 'x'.repeat(150_000) }),
      );
      expect(result.results).toEqual([]);
      expect(result.closed?.code).toBe(1009);
      expect(statements).toBe(0);
    });
  });
});
