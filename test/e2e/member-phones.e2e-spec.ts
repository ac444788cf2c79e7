import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';
import { MEMBER_FIELDS, registerMember } from '../harness/members.fixtures';

/**
 * Phone numbers are read by libphonenumber-js and stored in E.164: however staff or members type a
 * number, registration, update, the duplicate check and the search all see one spelling of it.
 */
describe('member phone numbers in any common format', () => {
  interface Found {
    members: { totalCount: number; edges: { node: { id: string; phone: string | null } }[] };
  }

  async function register(env: TestEnvironment, phone: string) {
    return env.gql<{ registerMember: { id: string; phone: string } }>(
      `mutation ($input: RegisterMemberInput!) { registerMember(input: $input) { id phone } }`,
      { input: { joinChannel: 'pos', phone } },
      await env.staffToken(),
    );
  }

  async function find(env: TestEnvironment, filter: Record<string, string>) {
    const response = await env.gql<Found>(
      `query ($filter: MemberFilter) { members(first: 10, filter: $filter) { totalCount edges { node { id phone } } } }`,
      { filter },
      await env.staffToken(),
    );
    expect(response.errors).toBeUndefined();
    return response.data!.members.edges.map((edge) => edge.node.id);
  }

  describe('with no default region (a country code is required)', () => {
    let env: TestEnvironment;

    beforeAll(async () => {
      env = await createTestEnvironment();
    });
    afterAll(() => env.stop());

    it('registers "+49 170 1234567" and stores it as +491701234567', async () => {
      const response = await register(env, '+49 170 1234567');
      expect(response.errors).toBeUndefined();
      expect(response.data!.registerMember.phone).toBe('+491701234567');
    });

    it('refuses +1000000, which has the shape of E.164 but is in no numbering plan, on the phone field', async () => {
      const response = await register(env, '+1000000');
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(response.errors?.[0].extensions?.fields)).toContain('phone');
    });

    it('refuses a national number with no country code', async () => {
      const response = await register(env, '0170 7654321');
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('refuses the same number typed another way as held by another member', async () => {
      expect((await register(env, '+49 170 5550001')).errors).toBeUndefined();
      const response = await register(env, '+49 (0)170-555 0001');
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'phone' });
    });

    it('stores an updated phone typed with spaces and dashes in E.164', async () => {
      const member = await registerMember(env, { phone: '+4917055500002' });
      const response = await env.gql<{ updateMemberProfile: { phone: string } }>(
        `mutation ($id: ID!, $input: UpdateMemberProfileInput!) {
          updateMemberProfile(id: $id, input: $input) { ${MEMBER_FIELDS} } }`,
        { id: member.id, input: { phone: '+44 20 7946 0958' } },
        await env.staffToken(),
      );
      expect(response.errors).toBeUndefined();
      expect(response.data!.updateMemberProfile.phone).toBe('+442079460958');
    });

    it('finds a member by exact phone and by the start of it, whichever way the number is typed', async () => {
      const member = await registerMember(env, { phone: '+4917055500003' });
      expect(await find(env, { phone: '+49 170 5550 0003' })).toEqual([member.id]);
      expect(await find(env, { phone: '+49 (0)170 55500003' })).toEqual([member.id]);
      expect(await find(env, { search: '+49 170 5550 0003' })).toEqual([member.id]);
      expect(await find(env, { search: '+49 170 5550000' })).toContain(member.id);
    });
  });

  describe('with DEFAULT_PHONE_REGION=DE', () => {
    let env: TestEnvironment;

    beforeAll(async () => {
      env = await createTestEnvironment({ env: { DEFAULT_PHONE_REGION: 'DE' } });
    });
    afterAll(() => env.stop());

    it('reads a national number as German, registers it in E.164 and finds it by its national start', async () => {
      const response = await register(env, '0170 7654321');
      expect(response.errors).toBeUndefined();
      expect(response.data!.registerMember.phone).toBe('+491707654321');
      expect(await find(env, { phone: '0170-765 4321' })).toEqual([response.data!.registerMember.id]);
      expect(await find(env, { search: '0170 7654' })).toEqual([response.data!.registerMember.id]);
    });

    it('still takes numbers of other countries with their country code', async () => {
      const response = await register(env, '+33 6 12 34 56 78');
      expect(response.data?.registerMember.phone).toBe('+33612345678');
    });
  });
});
