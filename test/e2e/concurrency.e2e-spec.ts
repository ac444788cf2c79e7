import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';
import { readMember, registerMember } from '../harness/members.fixtures';

const REGISTER = `mutation ($input: RegisterMemberInput!) { registerMember(input: $input) { id } }`;
const MERGE = `mutation ($s: ID!, $m: ID!) { mergeMembers(survivorId: $s, mergedId: $m) { alreadyMerged } }`;

describe('concurrent writes (meaningful on MariaDB, where transactions really overlap)', () => {
  let env: TestEnvironment;
  let staff: string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    staff = await env.staffToken();
  });
  afterAll(() => env.stop());

  it('registers exactly one member when five registrations race for the same email', async () => {
    const input = { email: `race.${Date.now()}@example.com`, joinChannel: 'app' };
    const results = await Promise.all(Array.from({ length: 5 }, () => env.gql(REGISTER, { input }, staff)));
    const created = results.filter((r) => r.data?.registerMember);
    const refused = results.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT');
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(4);

    const search = await env.gql<{ members: { totalCount: number } }>(
      `query ($email: String!) { members(filter: { email: $email }) { totalCount } }`,
      { email: input.email },
      staff,
    );
    expect(search.data?.members.totalCount).toBe(1);
  });

  it('lets only one of two opposite merges (A into B, B into A) happen', async () => {
    const a = await registerMember(env);
    const b = await registerMember(env);
    const [first, second] = await Promise.all([
      env.gql(MERGE, { s: a.id, m: b.id }, staff),
      env.gql(MERGE, { s: b.id, m: a.id }, staff),
    ]);
    const succeeded = [first, second].filter((r) => r.data?.mergeMembers);
    expect(succeeded).toHaveLength(1);
    expect([first, second].find((r) => r.errors)?.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const [afterA, afterB] = [await readMember(env, a.id), await readMember(env, b.id)];
    expect([afterA.status, afterB.status].sort()).toEqual(['ACTIVE', 'MERGED']);
  });
});
