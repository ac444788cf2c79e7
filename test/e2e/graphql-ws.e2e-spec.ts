import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { issueToken } from '../../src/auth/token-issuer';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';
import { registerMember, type MemberView } from '../harness/members.fixtures';
import { deepQuery, runOverWs, type WsOutcome } from '../harness/operations';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** graphql-ws on the same port and path as HTTP, with the same authentication, limits and error codes. */
describe('GraphQL over graphql-ws', () => {
  let env: TestEnvironment;
  let staff: string;
  let member: MemberView;
  let other: MemberView;
  const ownClients: Client[] = [];

  beforeAll(async () => {
    env = await createTestEnvironment();
    staff = await env.staffToken();
    member = await registerMember(env, {
      channelIdentities: [{ channel: 'app', externalId: 'ws-member-1' }],
    });
    other = await registerMember(env, { phone: '+4915166660001' });
  });
  afterAll(async () => {
    await Promise.all(ownClients.map((client) => client.dispose()));
    await env.stop();
  });

  /** A socket that connects at once and stays open between operations (unlike the lazy harness client). */
  function eagerClient(
    connectionParams: Record<string, unknown>,
    onClose: (event: { code: number; reason: string }) => void,
  ) {
    const client = createClient({
      url: env.app.server.wsUrl.replace('localhost', '127.0.0.1'),
      webSocketImpl: WebSocket,
      connectionParams,
      lazy: false,
      retryAttempts: 0,
      // Closes are asserted through `on.closed`; the default handler would only print them.
      onNonLazyError: () => undefined,
      on: { closed: (event) => onClose(event as { code: number; reason: string }) },
    });
    ownClients.push(client);
    return client;
  }

  function closedWith(code: number, closes: { code: number }[]) {
    expect(closes.map((event) => event.code)).toContain(code);
  }

  describe('authentication at connection time', () => {
    it('runs a staff query over the socket and returns its data', async () => {
      const client = env.wsClient({ authorization: `Bearer ${staff}` });
      const outcome = await runOverWs(
        client,
        `query ($id: ID!) { member(id: $id) { id email channelIdentities { channel externalId } } }`,
        {
          id: member.id,
        },
      );
      expect(outcome.closed).toBeUndefined();
      expect(outcome.errors).toBeUndefined();
      expect(outcome.results).toEqual([
        {
          data: {
            member: {
              id: member.id,
              email: member.email,
              channelIdentities: [{ channel: 'app', externalId: 'ws-member-1' }],
            },
          },
        },
      ]);
    });

    it('runs a query through client.iterate as an async iterator', async () => {
      const client = env.wsClient({ authorization: `Bearer ${staff}` });
      const results: unknown[] = [];
      for await (const result of client.iterate({ query: `{ member(id: "${member.id}") { id } }` }))
        results.push(result);
      expect(results).toEqual([{ data: { member: { id: member.id } } }]);
    });

    it('lets a member read themselves through `me` over the socket', async () => {
      const client = env.wsClient({ authorization: `Bearer ${await env.memberToken(member.id)}` });
      const outcome = await runOverWs(client, `{ me { id email } }`);
      expect(outcome.results).toEqual([{ data: { me: { id: member.id, email: member.email } } }]);
    });

    it('accepts the token under `token` and without the Bearer prefix', async () => {
      const client = env.wsClient({ token: staff });
      const outcome = await runOverWs(client, `{ member(id: "${member.id}") { id } }`);
      expect(outcome.results).toEqual([{ data: { member: { id: member.id } } }]);
    });

    it('closes the socket with 4403 when there are no connection params, and runs nothing', async () => {
      const closes: { code: number; reason: string }[] = [];
      const client = env.wsClient(undefined, (event) => closes.push(event));
      const { result, statements } = await env.countStatements(() =>
        runOverWs(client, `{ member(id: "${member.id}") { id } }`),
      );
      expect(result.results).toEqual([]);
      expect(result.closed?.code).toBe(4403);
      closedWith(4403, closes);
      expect(statements).toBe(0);
    });

    it('closes the socket with 4403 when the authorization param is empty', async () => {
      const closes: { code: number; reason: string }[] = [];
      const client = env.wsClient({ authorization: '' }, (event) => closes.push(event));
      const outcome = await runOverWs(client, `{ member(id: "${member.id}") { id } }`);
      expect(outcome.results).toEqual([]);
      expect(outcome.closed?.code).toBe(4403);
      closedWith(4403, closes);
    });

    it.each([
      ['garbage', async () => 'Bearer not-a-jwt'],
      [
        'a token signed with another secret',
        async () =>
          `Bearer ${await issueToken('another-secret-that-is-at-least-32-characters', { role: 'admin', subject: 'admin-1' })}`,
      ],
      ['a malformed header', async () => 'Token abc def'],
    ])('closes the socket with 4403 for a bad token (%s), and runs nothing', async (_label, header) => {
      const closes: { code: number; reason: string }[] = [];
      const client = env.wsClient({ authorization: await header() }, (event) => closes.push(event));
      const { result, statements } = await env.countStatements(() =>
        runOverWs(client, `{ member(id: "${member.id}") { id } }`),
      );
      expect(result.results).toEqual([]);
      expect(result.closed?.code).toBe(4403);
      closedWith(4403, closes);
      expect(statements).toBe(0);
    });

    it('closes the socket with 4403 for a token that expired before the socket connected', async () => {
      const expiresAt = Math.floor(Date.now() / 1000) + 2;
      const token = await env.token('staff', 'staff-1', expiresAt);
      await sleep(expiresAt * 1000 - Date.now() + 300);
      const closes: { code: number; reason: string }[] = [];
      const client = env.wsClient({ authorization: `Bearer ${token}` }, (event) => closes.push(event));
      const outcome = await runOverWs(client, `{ member(id: "${member.id}") { id } }`);
      expect(outcome.results).toEqual([]);
      expect(outcome.closed?.code).toBe(4403);
      closedWith(4403, closes);
    });

    it('refuses the next operation and closes the socket with 4403 once the token expires on an open socket', async () => {
      const expiresAt = Math.floor(Date.now() / 1000) + 2;
      const token = await env.token('staff', 'staff-1', expiresAt);
      const closes: { code: number; reason: string }[] = [];
      const client = eagerClient({ authorization: `Bearer ${token}` }, (event) => closes.push(event));

      const beforeExpiry = await runOverWs(client, `{ member(id: "${member.id}") { id } }`);
      expect(beforeExpiry.results).toEqual([{ data: { member: { id: member.id } } }]);
      expect(closes).toEqual([]);

      await sleep(expiresAt * 1000 - Date.now() + 300);
      const { result, statements } = await env.countStatements(() =>
        runOverWs(client, `{ member(id: "${member.id}") { id email } }`),
      );
      expect(result.results).toEqual([]);
      if (result.errors)
        expect(result.errors.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      else expect(result.closed?.code).toBe(4403);
      for (let i = 0; i < 20 && closes.length === 0; i++) await sleep(50);
      closedWith(4403, closes);
      expect(statements).toBe(0);
    });
  });

  describe('authorisation per operation', () => {
    it('answers FORBIDDEN with no data when a member reads another member over the socket', async () => {
      const client = env.wsClient({ authorization: `Bearer ${await env.memberToken(member.id)}` });
      const outcome = await runOverWs(client, `query ($id: ID!) { member(id: $id) { id email phone } }`, {
        id: other.id,
      });
      expect(outcome.closed).toBeUndefined();
      expect(outcome.results).toHaveLength(1);
      expect(outcome.results[0].data ?? null).toBeNull();
      expect(outcome.results[0].errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(JSON.stringify(outcome)).not.toContain(other.email!);
      expect(JSON.stringify(outcome)).not.toContain('+4915166660001');
    });

    it('answers FORBIDDEN when a member searches members over the socket', async () => {
      const client = env.wsClient({ authorization: `Bearer ${await env.memberToken(member.id)}` });
      const outcome = await runOverWs(client, `{ members { totalCount } }`);
      expect(outcome.results[0].data ?? null).toBeNull();
      expect(outcome.results[0].errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    });

    it('answers FORBIDDEN when staff erase a member over the socket, and the member keeps their data', async () => {
      const target = await registerMember(env);
      const client = env.wsClient({ authorization: `Bearer ${staff}` });
      const outcome = await runOverWs(client, `mutation ($id: ID!) { eraseMember(id: $id) { id } }`, {
        id: target.id,
      });
      expect(outcome.results[0].errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
      const read = await env.gql<{ member: { status: string; email: string } }>(
        `query ($id: ID!) { member(id: $id) { status email } }`,
        { id: target.id },
        staff,
      );
      expect(read.data?.member).toEqual({ status: 'ACTIVE', email: target.email });
    });

    it('audits a write over the socket with the socket principal as the actor', async () => {
      const target = await registerMember(env);
      const client = env.wsClient({ authorization: `Bearer ${await env.token('staff', 'ws-clerk-7')}` });
      const outcome = await runOverWs(
        client,
        `mutation ($id: ID!) { updateMemberProfile(id: $id, input: { region: "Over the socket" }) { id region } }`,
        { id: target.id },
      );
      expect(outcome.results).toEqual([
        { data: { updateMemberProfile: { id: target.id, region: 'Over the socket' } } },
      ]);
      const audit = await env.gql<{
        auditLog: {
          edges: { node: { action: string; actorRole: string; actorId: string; requestId: string } }[];
        };
      }>(
        `query ($id: String!) { auditLog(filter: { targetId: $id, action: "member.update" }) { edges { node { action actorRole actorId requestId } } } }`,
        { id: target.id },
        await env.adminToken(),
      );
      expect(audit.data?.auditLog.edges).toHaveLength(1);
      expect(audit.data!.auditLog.edges[0].node).toMatchObject({
        action: 'member.update',
        actorRole: 'staff',
        actorId: 'ws-clerk-7',
      });
      // Request ids follow the X-Request-Id format (at most 64 characters), which the audit column holds.
      expect(audit.data!.auditLog.edges[0].node.requestId).toMatch(/^[A-Za-z0-9._:-]{1,64}$/);
    });

    it('answers NOT_FOUND and BAD_USER_INPUT over the socket with the same codes as over HTTP', async () => {
      const client = env.wsClient({ authorization: `Bearer ${staff}` });
      const missing = await runOverWs(client, `{ member(id: "987654") { id } }`);
      expect(missing.results[0].errors?.map((error) => error.extensions?.code)).toEqual(['NOT_FOUND']);
      const malformed = await runOverWs(client, `{ member(id: "abc") { id } }`);
      expect(malformed.results[0].errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(malformed.results[0].errors![0].extensions?.fields).toEqual([
        { field: 'id', messages: [expect.any(String)] },
      ]);
    });

    it('answers a variable of the wrong type over the socket with BAD_USER_INPUT, not an internal error', async () => {
      const client = env.wsClient({ authorization: `Bearer ${staff}` });
      const outcome = await runOverWs(client, `query ($id: ID!) { member(id: $id) { id } }`, { id: true });
      expect(outcome.closed).toBeUndefined();
      const errors = outcome.errors ?? outcome.results[0]?.errors;
      expect(errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('limits over the socket', () => {
    const aliasedMe = (count: number) =>
      `{ ${Array.from({ length: count }, (_, i) => `m${i}:me{id}`).join(' ')} }`;

    function expectTooComplex(outcome: WsOutcome) {
      expect(outcome.closed).toBeUndefined();
      expect(outcome.results).toEqual([]);
      expect(outcome.errors?.length).toBeGreaterThan(0);
      for (const error of outcome.errors!) {
        expect(error.extensions?.code).toBe('QUERY_TOO_COMPLEX');
        expect(error.extensions).not.toHaveProperty('stacktrace');
      }
    }

    it('refuses a query deeper than 10 levels with QUERY_TOO_COMPLEX and keeps the socket usable', async () => {
      const closes: { code: number }[] = [];
      const client = eagerClient({ authorization: `Bearer ${staff}` }, (event) => closes.push(event));
      const { result, statements } = await env.countStatements(() =>
        runOverWs(client, deepQuery(14, member.id)),
      );
      expectTooComplex(result);
      expect(result.errors![0].message).toMatch(/depth/i);
      expect(statements).toBe(0);
      const next = await runOverWs(client, deepQuery(10, member.id));
      expect(next.results).toEqual([{ data: { member: expect.objectContaining({ id: member.id }) } }]);
      expect(closes).toEqual([]);
    });

    it('refuses 40 aliases with QUERY_TOO_COMPLEX and keeps the socket usable', async () => {
      const closes: { code: number }[] = [];
      const client = eagerClient({ authorization: `Bearer ${await env.memberToken(member.id)}` }, (event) =>
        closes.push(event),
      );
      const { result, statements } = await env.countStatements(() => runOverWs(client, aliasedMe(40)));
      expectTooComplex(result);
      expect(result.errors![0].message).toMatch(/alias/i);
      expect(statements).toBe(0);
      const next = await runOverWs(client, aliasedMe(30));
      expect(next.results[0]?.data?.m0).toEqual({ id: member.id });
      expect(closes).toEqual([]);
    });

    it('refuses 5,000 aliases with QUERY_TOO_COMPLEX (token limit)', async () => {
      const client = env.wsClient({ authorization: `Bearer ${await env.memberToken(member.id)}` });
      const { result, statements } = await env.countStatements(() => runOverWs(client, aliasedMe(5000)));
      expectTooComplex(result);
      expect(statements).toBe(0);
    });
  });
});
