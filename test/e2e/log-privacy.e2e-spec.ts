import { Member } from '../../src/modules/members/member.entity';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';
import { registerMember } from '../harness/members.fixtures';

interface LogLine {
  level: number;
  msg?: string;
  sql?: string;
  err?: { code?: string; message?: string };
  req?: Record<string, unknown>;
  graphql?: Record<string, unknown>;
  responseTime?: number;
}

/**
 * Logs must not carry members' personal data: SQL is logged by its shape (placeholders, error code),
 * database errors without the values they quote back, requests without query strings or headers.
 * Every line the server writes, at every level, is read back here.
 */
describe('personal data in the logs', () => {
  let env: TestEnvironment;
  const written: string[] = [];
  const lines = () => written.map((line) => JSON.parse(line) as LogLine);

  beforeAll(async () => {
    env = await createTestEnvironment({
      env: { LOG_LEVEL: 'trace' },
      logDestination: { write: (line: string) => void written.push(line) },
    });
  });
  afterAll(() => env.stop());

  it('logs a duplicate registration by its shape, never the email or the name', async () => {
    const email = `grace.duplicate.${process.pid}@example.com`;
    await registerMember(env, { email, firstName: 'Gracedup' });
    written.length = 0;

    const again = await env.gql(
      `mutation ($input: RegisterMemberInput!) { registerMember(input: $input) { id } }`,
      { input: { email, firstName: 'Gracedup', joinChannel: 'pos' } },
      await env.staffToken(),
    );
    expect(again.errors?.map((error) => error.extensions?.code)).toEqual(['CONFLICT']);
    // Two registrations at once get past the service's check and meet the unique key: the same
    // insert, through the application's DataSource and its logger.
    const now = new Date();
    await expect(
      env.app.db.manager.insert(Member, {
        email,
        firstName: 'Gracedup',
        joinChannel: 'pos',
        joinedAt: now,
        createdAt: now,
        updatedAt: now,
      }),
    ).rejects.toBeDefined();

    const failed = lines().filter((line) => line.msg === 'sql failed');
    expect(failed).toHaveLength(1);
    expect(failed[0].sql).toMatch(/INSERT INTO/i);
    expect(failed[0].err?.code).toMatch(/^(ER_DUP_ENTRY|SQLITE_CONSTRAINT_UNIQUE)$/);
    const everything = written.join('\n');
    expect(everything).not.toContain(email);
    expect(everything).not.toContain('Gracedup');
  });

  it('logs requests by method and path, without the query string or any header', async () => {
    const token = await env.staffToken();
    written.length = 0;
    const variables = JSON.stringify({ email: 'query.string@example.com' });
    await env
      .http()
      .get('/graphql')
      .query({ query: 'query ($email: String) { __typename }', variables })
      .set('authorization', `Bearer ${token}`)
      .set('apollo-require-preflight', 'true')
      .set('cookie', 'session=secret-cookie-value');

    const requests = lines().filter((line) => line.req);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests[0].req).toMatchObject({ method: 'GET', path: '/graphql' });
    const everything = written.join('\n');
    expect(everything).not.toContain('query.string@example.com');
    expect(everything).not.toContain(token);
    expect(everything).not.toContain('secret-cookie-value');
    expect(everything).not.toContain('__typename');
  });

  it('says in the request line which operation ran, for whom, how long it took and how it ended', async () => {
    const member = await registerMember(env);
    const other = await registerMember(env);
    written.length = 0;
    await env.gql(`query MemberCount { members(first: 1) { totalCount } }`, {}, await env.staffToken());
    await env.gql(
      `query OtherMember($id: ID!) { member(id: $id) { id email } }`,
      { id: other.id },
      await env.memberToken(member.id),
    );

    const requests = lines().filter((line) => line.req && line.graphql);
    expect(requests.map((line) => line.graphql)).toEqual([
      { operation: 'MemberCount', kind: 'query', role: 'staff', caller: 'staff-1', outcome: 'OK' },
      { operation: 'OtherMember', kind: 'query', role: 'member', caller: member.id, outcome: 'FORBIDDEN' },
    ]);
    expect(requests.every((line) => typeof line.responseTime === 'number')).toBe(true);
  });
});
