import { registerMember, type MemberView } from '../harness/members.fixtures';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

const SEARCH = `query ($search: String!) { members(first: 10, filter: { search: $search }) { totalCount edges { node { id } } } }`;

/** The support console's one search box: whatever the agent has at hand finds the member. */
describe('member search for the support console', () => {
  let env: TestEnvironment;
  let grace: MemberView;
  let alan: MemberView;
  let other: MemberView;

  async function found(search: string): Promise<string[]> {
    const response = await env.gql<any>(SEARCH, { search }, await env.staffToken());
    expect(response.errors).toBeUndefined();
    return response.data.members.edges.map((e: { node: { id: string } }) => e.node.id);
  }

  beforeAll(async () => {
    env = await createTestEnvironment();
    grace = await registerMember(env, {
      firstName: 'Grace',
      lastName: 'Hopper',
      email: 'Grace.Hopper@Example.com',
      phone: '+49 170 1234567',
      channelIdentities: [{ channel: 'shopify', externalId: '8812345' }],
    });
    alan = await registerMember(env, {
      firstName: 'Alan',
      lastName: 'Turing',
      email: 'alan@example.org',
      phone: '+1 650 253 0000',
      channelIdentities: [{ channel: 'pos', externalId: 'CARD-0042' }],
    });
    other = await registerMember(env, { firstName: 'Grace', lastName: 'Kelly', email: 'kelly@example.net' });
  });
  afterAll(() => env.stop());

  it('finds a member by their whole email in any case, and by its start', async () => {
    expect(await found('grace.hopper@example.com')).toEqual([grace.id]);
    expect(await found('GRACE.HOP')).toEqual([grace.id]);
  });

  it('finds a member by phone typed in any common format', async () => {
    for (const typed of [
      '+491701234567',
      '+49 170 1234567',
      '+49 (0)170-123 4567',
      '0049 170 1234567',
      '+49 170 12',
    ]) {
      expect(await found(typed)).toEqual([grace.id]);
    }
    expect(await found('+1 (650) 253-0000')).toEqual([alan.id]);
  });

  it('finds members by first name, last name, or both', async () => {
    expect(await found('Grace')).toEqual([grace.id, other.id]);
    expect(await found('Hopper')).toEqual([grace.id]);
    expect(await found('grace hop')).toEqual([grace.id]);
    expect(await found('Alan Turing')).toEqual([alan.id]);
  });

  it('finds a member by member id, with or without a #', async () => {
    expect(await found(alan.id)).toContain(alan.id);
    expect(await found(`#${alan.id}`)).toEqual([alan.id]);
  });

  it('finds a member by a channel identity written channel:external id, whatever the case of the channel', async () => {
    expect(await found('shopify:8812345')).toEqual([grace.id]);
    expect(await found('POS: CARD-0042')).toEqual([alan.id]);
    expect(await found('shopify:999')).toEqual([]);
  });

  it('finds nobody for text that matches nothing, and refuses a one-character search', async () => {
    expect(await found('zzz-nobody')).toEqual([]);
    const short = await env.gql<any>(SEARCH, { search: 'a' }, await env.staffToken());
    expect(short.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
