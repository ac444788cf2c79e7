import http from 'node:http';
import zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import WebSocket from 'ws';
import {
  createTestEnvironment,
  type GraphQLResponse,
  type TestEnvironment,
} from '../harness/test-environment';
import { MEMBER_FIELDS, registerMember, type MemberView } from '../harness/members.fixtures';
import { rawHttp, type RawAnswer } from '../harness/raw-http';

/**
 * Every refused input answers with the code a client can branch on and leaves the data exactly as it
 * was: each test reads the affected records and the audit trail back after the refusal.
 */
describe('bad input is refused with a clear code and changes nothing', () => {
  let env: TestEnvironment;
  let staff: string;
  let admin: string;

  const MEMBER_WITH_TIMESTAMPS = `${MEMBER_FIELDS} updatedAt erasedAt reactivatedAt`;

  interface AuditNode {
    id: string;
    action: string;
    targetId: string;
  }

  beforeAll(async () => {
    env = await createTestEnvironment();
    staff = await env.staffToken();
    admin = await env.adminToken();
  });
  afterAll(() => env.stop());

  /** Every audit entry, newest first, paging through the whole log as admin. */
  async function auditTrail(filter: Record<string, string> = {}): Promise<AuditNode[]> {
    const entries: AuditNode[] = [];
    let after: string | null = null;
    for (;;) {
      const response: GraphQLResponse<{
        auditLog: {
          edges: { node: AuditNode }[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      }> = await env.gql(
        `query ($after: String, $filter: AuditFilter) { auditLog(first: 100, after: $after, filter: $filter) {
          edges { node { id action targetId } } pageInfo { hasNextPage endCursor } } }`,
        { after, filter },
        admin,
      );
      if (!response.data) throw new Error(`audit read failed: ${JSON.stringify(response.errors)}`);
      entries.push(...response.data.auditLog.edges.map((edge) => edge.node));
      if (!response.data.auditLog.pageInfo.hasNextPage) return entries;
      after = response.data.auditLog.pageInfo.endCursor;
    }
  }

  async function memberCount(): Promise<number> {
    const response = await env.gql<{ members: { totalCount: number } }>(
      '{ members { totalCount } }',
      {},
      staff,
    );
    if (!response.data) throw new Error(`count failed: ${JSON.stringify(response.errors)}`);
    return response.data.members.totalCount;
  }

  /** Everything a refused operation could have touched: how many members, the whole audit log. */
  async function worldState() {
    return { members: await memberCount(), audit: await auditTrail() };
  }

  /** One member as the API shows it (with its timestamps) and its own audit trail. */
  async function memberState(id: string) {
    const response = await env.gql<{ member: MemberView }>(
      `query ($id: ID!) { member(id: $id) { ${MEMBER_WITH_TIMESTAMPS} } }`,
      { id },
      staff,
    );
    if (!response.data) throw new Error(`read failed: ${JSON.stringify(response.errors)}`);
    return { member: response.data.member, audit: await auditTrail({ targetType: 'member', targetId: id }) };
  }

  function register(input: Record<string, unknown>) {
    return env.gql<{ registerMember: MemberView }>(
      `mutation ($input: RegisterMemberInput!) { registerMember(input: $input) { id } }`,
      { input: { joinChannel: 'online-store', firstName: 'Bad', lastName: 'Input', ...input } },
      staff,
    );
  }

  function updateProfile(id: string, input: Record<string, unknown>, token = staff) {
    return env.gql<{ updateMemberProfile: MemberView }>(
      `mutation ($id: ID!, $input: UpdateMemberProfileInput!) { updateMemberProfile(id: $id, input: $input) { id } }`,
      { id, input },
      token,
    );
  }

  function expectCode(response: GraphQLResponse, code: string) {
    expect(response.errors).toBeDefined();
    expect(response.errors!.map((error) => error.extensions?.code)).toEqual([code]);
    expect(response.data ?? null).toBeNull();
  }

  function fieldsOf(response: GraphQLResponse): string[] {
    const fields = response.errors?.[0]?.extensions?.fields as
      { field: string; messages: string[] }[] | undefined;
    return (fields ?? []).map((problem) => problem.field);
  }

  function expectBadFields(response: GraphQLResponse, fields: string[]) {
    expectCode(response, 'BAD_USER_INPUT');
    expect(fieldsOf(response)).toEqual(expect.arrayContaining(fields));
    const problems = response.errors![0].extensions!.fields as { field: string; messages: string[] }[];
    for (const problem of problems) {
      expect(problem.messages.length).toBeGreaterThan(0);
      for (const message of problem.messages) expect(typeof message).toBe('string');
    }
  }

  const nextYear = new Date().getUTCFullYear() + 1;
  const tomorrow = new Date(Date.now() + 36 * 3600 * 1000).toISOString().slice(0, 10);

  describe('profile values', () => {
    it.each(['not-an-email', 'ada@', '@example.com', 'ada at example.com'])(
      'refuses registration with the invalid email %p as BAD_USER_INPUT on the email field and registers nobody',
      async (email) => {
        const before = await worldState();
        const response = await register({ email });
        expectBadFields(response, ['email']);
        expect(await worldState()).toEqual(before);
      },
    );

    it('refuses an invalid email on update and leaves the stored email and audit trail unchanged', async () => {
      const member = await registerMember(env);
      const before = await memberState(member.id);
      const response = await updateProfile(member.id, { email: 'nope', lastName: 'Changed' });
      expectBadFields(response, ['email']);
      expect(await memberState(member.id)).toEqual(before);
      expect(before.member.email).toBe(member.email);
    });

    it.each([
      ['a day that does not exist', '2023-02-30'],
      ['the 13th month', '1990-13-01'],
      ['a date in the future', `${nextYear}-01-01`],
      ['tomorrow', tomorrow],
      ['a date before 1900', '1899-12-31'],
      ['the wrong format (day first)', '09.12.1990'],
      ['the wrong format (no zero padding)', '1990-1-2'],
      ['the wrong format (a date-time)', '1990-12-09T00:00:00Z'],
      ['free text', 'yesterday'],
    ])(
      'refuses registration with a birthday that is %s (%p) on the birthday field and registers nobody',
      async (_label, birthday) => {
        const before = await worldState();
        const response = await register({
          email: `birthday.${birthday.replace(/\W/g, '')}@example.com`,
          birthday,
        });
        expectBadFields(response, ['birthday']);
        expect(await worldState()).toEqual(before);
      },
    );

    it('refuses an impossible birthday on update and keeps the stored one', async () => {
      const member = await registerMember(env, { birthday: '1990-12-09' });
      const before = await memberState(member.id);
      const response = await updateProfile(member.id, { birthday: '2023-02-30' });
      expectBadFields(response, ['birthday']);
      const after = await memberState(member.id);
      expect(after).toEqual(before);
      expect(after.member.birthday).toBe('1990-12-09');
    });

    // Without DEFAULT_PHONE_REGION a national number (015112345678) has no country; +1000000 and
    // +4910500000001 have the right shape but are in no country's numbering plan.
    it.each([
      '015112345678',
      '+1000000',
      '+4910500000001',
      '+0151123456',
      '+12',
      'phone',
      '+491511234567890123',
      '+49 170 1234567 ext. 12',
    ])(
      'refuses registration with the phone %p, which is no complete international number, on the phone field and registers nobody',
      async (phone) => {
        const before = await worldState();
        const response = await register({ email: null, phone });
        expectBadFields(response, ['phone']);
        expect(await worldState()).toEqual(before);
      },
    );

    it('refuses a phone without country code on update and keeps the stored phone', async () => {
      const member = await registerMember(env, { phone: '+4915100000001' });
      const before = await memberState(member.id);
      const response = await updateProfile(member.id, { phone: '0151 00000001' });
      expectBadFields(response, ['phone']);
      const after = await memberState(member.id);
      expect(after).toEqual(before);
      expect(after.member.phone).toBe('+4915100000001');
    });

    it('reports every invalid field of one input at once, each with its name in extensions.fields', async () => {
      const before = await worldState();
      const response = await register({
        email: 'broken',
        phone: '12345',
        birthday: '2023-02-30',
        joinChannel: 'Online Store',
      });
      expectBadFields(response, ['email', 'phone', 'birthday', 'joinChannel']);
      expect(response.errors![0].message).toMatch(/invalid/i);
      expect(await worldState()).toEqual(before);
    });
  });

  describe('channel keys', () => {
    it.each(['Online_Store', 'online store', 'p', '-pos', 'pos_1', 'a'.repeat(33), ''])(
      'refuses the channel key %p in a registration identity and registers nobody',
      async (channel) => {
        const before = await worldState();
        const response = await register({
          email: null,
          channelIdentities: [{ channel, externalId: 'ext-1' }],
        });
        expectCode(response, 'BAD_USER_INPUT');
        expect(
          fieldsOf(response).some(
            (field) => field.startsWith('channelIdentities') && field.endsWith('channel'),
          ),
        ).toBe(true);
        expect(await worldState()).toEqual(before);
      },
    );

    it('refuses an invalid joinChannel on registration and registers nobody', async () => {
      const before = await worldState();
      const response = await register({ email: 'join.channel@example.com', joinChannel: 'POS!' });
      expectBadFields(response, ['joinChannel']);
      expect(await worldState()).toEqual(before);
    });

    it('refuses an invalid channel key when linking and links nothing', async () => {
      const member = await registerMember(env);
      const before = await memberState(member.id);
      const response = await env.gql(
        `mutation ($id: ID!) { linkChannelIdentity(memberId: $id, identity: { channel: "Mini Program", externalId: "x-1" }) { id } }`,
        { id: member.id },
        staff,
      );
      expectCode(response, 'BAD_USER_INPUT');
      expect(fieldsOf(response).some((field) => field.endsWith('channel'))).toBe(true);
      expect(await memberState(member.id)).toEqual(before);
    });

    it('refuses a blank external id when linking and links nothing', async () => {
      const member = await registerMember(env);
      const before = await memberState(member.id);
      const response = await env.gql(
        `mutation ($id: ID!) { linkChannelIdentity(memberId: $id, identity: { channel: "pos", externalId: "   " }) { id } }`,
        { id: member.id },
        staff,
      );
      expectCode(response, 'BAD_USER_INPUT');
      expect(fieldsOf(response).some((field) => field.endsWith('externalId'))).toBe(true);
      expect(await memberState(member.id)).toEqual(before);
    });
  });

  describe('member ids', () => {
    it('answers NOT_FOUND for a well-formed id that no member has', async () => {
      const response = await env.gql(`{ member(id: "987654321") { id } }`, {}, staff);
      expectCode(response, 'NOT_FOUND');
      expect(response.errors![0].message).toContain('987654321');
    });

    it('answers NOT_FOUND when updating an unknown member and writes no audit entry', async () => {
      const before = await worldState();
      const response = await updateProfile('987654321', { firstName: 'Ghost' });
      expectCode(response, 'NOT_FOUND');
      expect(await worldState()).toEqual(before);
    });

    it('answers NOT_FOUND when linking an identity to an unknown member and links nothing', async () => {
      const before = await worldState();
      const response = await env.gql(
        `mutation { linkChannelIdentity(memberId: "987654321", identity: { channel: "pos", externalId: "ghost-1" }) { id } }`,
        {},
        staff,
      );
      expectCode(response, 'NOT_FOUND');
      const lookup = await env.gql(
        `{ memberByChannelIdentity(channel: "pos", externalId: "ghost-1") { id } }`,
        {},
        staff,
      );
      expectCode(lookup, 'NOT_FOUND');
      expect(await worldState()).toEqual(before);
    });

    it.each(['abc', '12abc', '-1', '0', '1.5', ' ', '99999999999999999999'])(
      'answers BAD_USER_INPUT naming the id field for the malformed id %p',
      async (id) => {
        const response = await env.gql(`query ($id: ID!) { member(id: $id) { id } }`, { id }, staff);
        expectBadFields(response, ['id']);
      },
    );

    it('answers BAD_USER_INPUT for a malformed id in a mutation and changes nothing', async () => {
      const before = await worldState();
      const response = await updateProfile('abc', { firstName: 'Nobody' });
      expectBadFields(response, ['id']);
      const merge = await env.gql(
        `mutation { mergeMembers(survivorId: "abc", mergedId: "1") { alreadyMerged } }`,
        {},
        staff,
      );
      expectBadFields(merge, ['survivorId']);
      expect(await worldState()).toEqual(before);
    });
  });

  describe('uniqueness', () => {
    it('refuses to register an identity another member holds with CONFLICT, and the identity stays with its holder', async () => {
      const holder = await registerMember(env, {
        channelIdentities: [{ channel: 'pos', externalId: 'dup-reg-1' }],
      });
      const before = await worldState();
      const response = await register({
        email: 'second.holder@example.com',
        channelIdentities: [{ channel: 'pos', externalId: 'dup-reg-1' }],
      });
      expectCode(response, 'CONFLICT');
      expect(await worldState()).toEqual(before);
      const lookup = await env.gql<{ memberByChannelIdentity: { id: string } }>(
        `{ memberByChannelIdentity(channel: "pos", externalId: "dup-reg-1") { id } }`,
        {},
        staff,
      );
      expect(lookup.data?.memberByChannelIdentity.id).toBe(holder.id);
      // The email of the refused registration was not taken either.
      const byEmail = await env.gql<{ members: { totalCount: number } }>(
        `{ members(filter: { email: "second.holder@example.com" }) { totalCount } }`,
        {},
        staff,
      );
      expect(byEmail.data?.members.totalCount).toBe(0);
    });

    it('refuses the same identity listed twice in one registration as BAD_USER_INPUT and registers nobody', async () => {
      const before = await worldState();
      const identity = { channel: 'pos', externalId: 'twice-1' };
      const response = await register({ email: null, channelIdentities: [identity, identity] });
      expectBadFields(response, ['channelIdentities']);
      expect(await worldState()).toEqual(before);
    });

    it('refuses to link an identity another member holds with CONFLICT, and neither member changes', async () => {
      const holder = await registerMember(env, {
        channelIdentities: [{ channel: 'shopify', externalId: 'dup-link-1' }],
      });
      const other = await registerMember(env);
      const holderBefore = await memberState(holder.id);
      const otherBefore = await memberState(other.id);
      const response = await env.gql(
        `mutation ($id: ID!) { linkChannelIdentity(memberId: $id, identity: { channel: "shopify", externalId: "dup-link-1" }) { id } }`,
        { id: other.id },
        staff,
      );
      expectCode(response, 'CONFLICT');
      expect(await memberState(holder.id)).toEqual(holderBefore);
      expect(await memberState(other.id)).toEqual(otherBefore);
      expect(otherBefore.member.channelIdentities).toEqual([]);
    });

    it('refuses to register an email another member holds (whatever its case) with CONFLICT on the email field', async () => {
      const holder = await registerMember(env, { email: 'taken.email@example.com' });
      const before = await worldState();
      const response = await register({ email: 'Taken.Email@Example.com' });
      expectCode(response, 'CONFLICT');
      expect(response.errors![0].extensions?.field).toBe('email');
      expect(await worldState()).toEqual(before);
      const byEmail = await env.gql<{ members: { edges: { node: { id: string } }[] } }>(
        `{ members(filter: { email: "taken.email@example.com" }) { edges { node { id } } } }`,
        {},
        staff,
      );
      expect(byEmail.data?.members.edges.map((edge) => edge.node.id)).toEqual([holder.id]);
    });

    it('refuses to change an email to one another member holds with CONFLICT and keeps the old email', async () => {
      await registerMember(env, { email: 'already.used@example.com' });
      const member = await registerMember(env);
      const before = await memberState(member.id);
      const response = await updateProfile(member.id, {
        email: 'already.used@example.com',
        firstName: 'Changed',
      });
      expectCode(response, 'CONFLICT');
      expect(response.errors![0].extensions?.field).toBe('email');
      expect(await memberState(member.id)).toEqual(before);
    });

    it('refuses to register a phone another member holds with CONFLICT on the phone field', async () => {
      await registerMember(env, { phone: '+4915199990001' });
      const before = await worldState();
      const response = await register({ email: null, phone: '+4915199990001' });
      expectCode(response, 'CONFLICT');
      expect(response.errors![0].extensions?.field).toBe('phone');
      expect(await worldState()).toEqual(before);
    });

    it('refuses a registration with no email, phone or channel identity as BAD_USER_INPUT with fields and registers nobody', async () => {
      const before = await worldState();
      const response = await register({ email: null, phone: null, channelIdentities: [] });
      expectBadFields(response, ['email']);
      const absent = await register({});
      expectBadFields(absent, ['email']);
      expect(await worldState()).toEqual(before);
    });
  });

  describe('merging', () => {
    const merge = `mutation ($s: ID!, $m: ID!) { mergeMembers(survivorId: $s, mergedId: $m) { alreadyMerged } }`;

    async function erase(id: string) {
      const response = await env.gql<{ eraseMember: MemberView }>(
        `mutation ($id: ID!) { eraseMember(id: $id) { id status } }`,
        { id },
        admin,
      );
      expect(response.data?.eraseMember.status).toBe('ERASED');
    }

    it('refuses to merge a member into itself as BAD_USER_INPUT naming mergedId, and the member is unchanged', async () => {
      const member = await registerMember(env, {
        channelIdentities: [{ channel: 'pos', externalId: 'self-merge-1' }],
      });
      const before = await memberState(member.id);
      const response = await env.gql(merge, { s: member.id, m: member.id }, staff);
      expectBadFields(response, ['mergedId']);
      const after = await memberState(member.id);
      expect(after).toEqual(before);
      expect(after.member.status).toBe('ACTIVE');
    });

    it('refuses to merge into an erased member with CONFLICT, and the duplicate keeps its data and identities', async () => {
      const survivor = await registerMember(env);
      const duplicate = await registerMember(env, {
        channelIdentities: [{ channel: 'pos', externalId: 'into-erased-1' }],
      });
      await erase(survivor.id);
      const survivorBefore = await memberState(survivor.id);
      const duplicateBefore = await memberState(duplicate.id);
      const response = await env.gql(merge, { s: survivor.id, m: duplicate.id }, staff);
      expectCode(response, 'CONFLICT');
      expect(response.errors![0].message).toMatch(/erased/i);
      expect(await memberState(survivor.id)).toEqual(survivorBefore);
      const duplicateAfter = await memberState(duplicate.id);
      expect(duplicateAfter).toEqual(duplicateBefore);
      expect(duplicateAfter.member).toMatchObject({
        status: 'ACTIVE',
        email: duplicate.email,
        channelIdentities: [{ channel: 'pos', externalId: 'into-erased-1' }],
      });
    });

    it('refuses to merge an erased member into another with CONFLICT, and the survivor is unchanged', async () => {
      const survivor = await registerMember(env, { phone: null });
      const erased = await registerMember(env, { phone: '+4915199990002' });
      await erase(erased.id);
      const survivorBefore = await memberState(survivor.id);
      const erasedBefore = await memberState(erased.id);
      const response = await env.gql(merge, { s: survivor.id, m: erased.id }, staff);
      expectCode(response, 'CONFLICT');
      expect(await memberState(survivor.id)).toEqual(survivorBefore);
      expect(await memberState(erased.id)).toEqual(erasedBefore);
      expect(erasedBefore.member).toMatchObject({ status: 'ERASED', mergedInto: null });
    });

    it('refuses to merge with an unknown member as NOT_FOUND and changes nothing', async () => {
      const survivor = await registerMember(env);
      const before = await memberState(survivor.id);
      const response = await env.gql(merge, { s: survivor.id, m: '987654321' }, staff);
      expectCode(response, 'NOT_FOUND');
      expect(await memberState(survivor.id)).toEqual(before);
    });
  });

  describe('membership state', () => {
    it('refuses to erase an already erased member with CONFLICT and records no second erasure', async () => {
      const member = await registerMember(env);
      const first = await env.gql(
        `mutation ($id: ID!) { eraseMember(id: $id) { id } }`,
        { id: member.id },
        admin,
      );
      expect(first.errors).toBeUndefined();
      const before = await memberState(member.id);
      const again = await env.gql(
        `mutation ($id: ID!) { eraseMember(id: $id) { id } }`,
        { id: member.id },
        admin,
      );
      expectCode(again, 'CONFLICT');
      expect(again.errors![0].message).toMatch(/already been erased/i);
      const after = await memberState(member.id);
      expect(after).toEqual(before);
      expect(after.audit.filter((entry) => entry.action === 'member.erase')).toHaveLength(1);
    });

    it('refuses to close a closed membership with CONFLICT and keeps the first closure', async () => {
      const member = await registerMember(env);
      const close = (comment: string) =>
        env.gql<{ closeMembership: MemberView }>(
          `mutation ($id: ID!, $comment: String) { closeMembership(id: $id, input: { reason: MOVED_AWAY, comment: $comment }) { ${MEMBER_FIELDS} } }`,
          { id: member.id, comment },
          staff,
        );
      const first = await close('first');
      expect(first.data?.closeMembership.status).toBe('CLOSED');
      const before = await memberState(member.id);
      const again = await close('second');
      expectCode(again, 'CONFLICT');
      expect(again.errors![0].extensions?.status).toBe('CLOSED');
      const after = await memberState(member.id);
      expect(after).toEqual(before);
      expect(after.member.closure).toMatchObject({ reason: 'MOVED_AWAY', comment: 'first' });
      expect(after.audit.filter((entry) => entry.action === 'member.close')).toHaveLength(1);
    });

    it('refuses to reactivate an active membership with CONFLICT and records nothing', async () => {
      const member = await registerMember(env);
      const before = await memberState(member.id);
      const response = await env.gql(
        `mutation ($id: ID!) { reactivateMembership(id: $id) { id } }`,
        { id: member.id },
        staff,
      );
      expectCode(response, 'CONFLICT');
      const after = await memberState(member.id);
      expect(after).toEqual(before);
      expect(after.member).toMatchObject({ status: 'ACTIVE', reactivatedAt: null });
    });

    it('refuses to update the profile of a closed membership with CONFLICT and keeps the profile', async () => {
      const member = await registerMember(env);
      await env.gql(
        `mutation ($id: ID!) { closeMembership(id: $id, input: { reason: OTHER }) { id } }`,
        { id: member.id },
        staff,
      );
      const before = await memberState(member.id);
      expect(before.member.status).toBe('CLOSED');
      const response = await updateProfile(member.id, { firstName: 'Changed', region: 'Elsewhere' });
      expectCode(response, 'CONFLICT');
      expect(response.errors![0].message).toMatch(/closed/i);
      expect(await memberState(member.id)).toEqual(before);
    });

    it('refuses to change the preferences of a closed membership with CONFLICT and keeps them', async () => {
      const member = await registerMember(env);
      await env.gql(
        `mutation ($id: ID!) { closeMembership(id: $id, input: { reason: OTHER }) { id } }`,
        { id: member.id },
        staff,
      );
      const before = await memberState(member.id);
      const response = await env.gql(
        `mutation ($id: ID!) { updateCommunicationPreferences(id: $id, input: { marketingConsent: true, sms: true }) { id } }`,
        { id: member.id },
        staff,
      );
      expectCode(response, 'CONFLICT');
      expect(await memberState(member.id)).toEqual(before);
    });

    it('refuses to close with an unknown reason as BAD_USER_INPUT and keeps the membership active', async () => {
      const member = await registerMember(env);
      const before = await memberState(member.id);
      const response = await env.gql(
        `mutation ($id: ID!, $input: CloseMembershipInput!) { closeMembership(id: $id, input: $input) { id } }`,
        { id: member.id, input: { reason: 'BORED' } },
        staff,
      );
      expect(response.status).toBe(400);
      expectCode(response, 'BAD_USER_INPUT');
      expect(response.errors![0].message).toContain('BORED');
      expect(await memberState(member.id)).toEqual(before);
    });
  });

  describe('variables of the wrong type', () => {
    it.each([
      ['a boolean for an ID', `query ($id: ID!) { member(id: $id) { id } }`, { id: true }],
      ['a missing required variable', `query ($id: ID!) { member(id: $id) { id } }`, {}],
      [
        'a string for an Int',
        `query ($first: Int!) { members(first: $first) { totalCount } }`,
        { first: 'ten' },
      ],
      [
        'an unknown input field',
        `mutation ($input: RegisterMemberInput!) { registerMember(input: $input) { id } }`,
        { input: { joinChannel: 'pos', email: 'x.unknown@example.com', shoeSize: 42 } },
      ],
    ])(
      'answers %s with HTTP 400 BAD_USER_INPUT, not an internal error, and changes nothing',
      async (_label, query, variables) => {
        const before = await worldState();
        const response = await env.gql(query, variables, staff);
        expect(response.status).toBe(400);
        expectCode(response, 'BAD_USER_INPUT');
        expect(response.errors![0].message).toMatch(/Variable "\$\w+"/);
        expect(await worldState()).toEqual(before);
      },
    );
  });

  describe('paging arguments', () => {
    it.each([
      ['garbage', 'not-a-cursor!'],
      ['a cursor of another list', Buffer.from('audit:5').toString('base64url')],
      ['a cursor with a non-numeric id', Buffer.from('member:abc').toString('base64url')],
    ])('refuses %s in members(after:) as BAD_USER_INPUT naming after', async (_label, after) => {
      const response = await env.gql(
        `query ($after: String) { members(first: 5, after: $after) { edges { node { id } } } }`,
        { after },
        staff,
      );
      expectBadFields(response, ['after']);
    });

    it('refuses a members cursor in auditLog(after:) as BAD_USER_INPUT', async () => {
      const after = Buffer.from('member:1').toString('base64url');
      const response = await env.gql(
        `query ($after: String) { auditLog(after: $after) { edges { node { id } } } }`,
        { after },
        admin,
      );
      expectBadFields(response, ['after']);
    });

    it.each([0, -1, 101, 1000])(
      'refuses members(first: %p) as BAD_USER_INPUT naming first',
      async (first) => {
        const response = await env.gql(
          `query ($first: Int!) { members(first: $first) { edges { node { id } } } }`,
          { first },
          staff,
        );
        expectBadFields(response, ['first']);
      },
    );

    it.each([0, 101])('refuses auditLog(first: %p) as BAD_USER_INPUT naming first', async (first) => {
      const response = await env.gql(
        `query ($first: Int!) { auditLog(first: $first) { edges { node { id } } } }`,
        { first },
        admin,
      );
      expectBadFields(response, ['first']);
    });

    it('accepts the bounds first: 1 and first: 100', async () => {
      await registerMember(env);
      for (const first of [1, 100]) {
        const response = await env.gql<{ members: { edges: unknown[] } }>(
          `query ($first: Int!) { members(first: $first) { edges { node { id } } } }`,
          { first },
          staff,
        );
        expect(response.errors).toBeUndefined();
        expect(response.data!.members.edges.length).toBeGreaterThanOrEqual(1);
        expect(response.data!.members.edges.length).toBeLessThanOrEqual(first);
      }
    });

    it('refuses an invalid search filter as BAD_USER_INPUT naming the filter field', async () => {
      const response = await env.gql(`{ members(filter: { phone: "12345" }) { totalCount } }`, {}, staff);
      expectCode(response, 'BAD_USER_INPUT');
      expect(fieldsOf(response).some((field) => field.endsWith('phone'))).toBe(true);
    });
  });

  describe('hostile requests at the transport', () => {
    const typename = JSON.stringify({ query: '{ __typename }' });

    function send(
      body: string | Buffer,
      headers: Record<string, string> = {},
      method = 'POST',
      path = '/graphql',
    ) {
      const agent = new http.Agent({ keepAlive: false });
      return rawHttp(env.app.server.httpServer, agent, {
        method,
        path,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${staff}`, ...headers },
        body: method === 'GET' ? undefined : body,
      });
    }

    function expectJsonError(answer: RawAnswer, status: number, code: string) {
      expect(answer.kind).toBe('response');
      if (answer.kind !== 'response') return;
      expect(answer.status).toBe(status);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      const body = JSON.parse(answer.text) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors.map((error) => error.extensions.code)).toEqual([code]);
      return body.errors[0].message;
    }

    const gzipped = zlib.gzipSync(typename);
    it.each([
      ['gzip', Buffer.from(typename)],
      ['deflate', Buffer.from(typename)],
      ['br', Buffer.from(typename)],
      ['gzip', gzipped.subarray(0, gzipped.length - 6)],
    ])(
      'answers a body labelled %s that is not (wholly) compressed that way with 400 BAD_REQUEST as JSON',
      async (encoding, body) => {
        const message = expectJsonError(
          await send(body, { 'content-encoding': encoding }),
          400,
          'BAD_REQUEST',
        );
        expect(message).toMatch(/not valid .* data/);
      },
    );

    it('reads a body that really is gzip-compressed, and refuses an unsupported encoding with 415', async () => {
      const ok = await send(gzipped, { 'content-encoding': 'gzip' });
      expect(ok.kind === 'response' && JSON.parse(ok.text)).toEqual({ data: { __typename: 'Query' } });
      expectJsonError(await send(typename, { 'content-encoding': 'compress' }), 415, 'BAD_REQUEST');
    });

    const SUBSCRIPTION = 'subscription { activityFeed { id } }';

    it('refuses a subscription over POST with 400 SUBSCRIPTION_REQUIRES_WEBSOCKET before running it', async () => {
      const message = expectJsonError(
        await send(JSON.stringify({ query: SUBSCRIPTION })),
        400,
        'SUBSCRIPTION_REQUIRES_WEBSOCKET',
      );
      expect(message).toMatch(/WebSocket/);
    });

    it('refuses a subscription over GET with the same 400 SUBSCRIPTION_REQUIRES_WEBSOCKET, not 405 "use POST"', async () => {
      const answer = await send(
        '',
        { 'apollo-require-preflight': '1' },
        'GET',
        `/graphql?query=${encodeURIComponent(SUBSCRIPTION)}`,
      );
      expectJsonError(answer, 400, 'SUBSCRIPTION_REQUIRES_WEBSOCKET');
      expect(answer.kind === 'response' && answer.headers.allow).toBeUndefined();
    });

    it('picks the operation by operationName: the query of a document that also holds a subscription runs', async () => {
      const query = `query Name { __typename } ${SUBSCRIPTION.replace('subscription', 'subscription Feed')}`;
      const ran = await send(JSON.stringify({ query, operationName: 'Name' }));
      expect(ran.kind === 'response' && JSON.parse(ran.text)).toEqual({ data: { __typename: 'Query' } });
      const refused = await send(JSON.stringify({ query, operationName: 'Feed' }));
      expectJsonError(refused, 400, 'SUBSCRIPTION_REQUIRES_WEBSOCKET');
      const unnamed = await send(JSON.stringify({ query }));
      expectJsonError(unnamed, 400, 'BAD_REQUEST');
    });

    describe('automatic persisted queries', () => {
      const query = '{ __typename }';
      const hash = createHash('sha256').update(query).digest('hex');
      const persisted = (persistedQuery: unknown, withQuery: boolean) =>
        send(JSON.stringify({ ...(withQuery ? { query } : {}), extensions: { persistedQuery } }));

      it('answers an unknown hash with PERSISTED_QUERY_NOT_FOUND (as Apollo does), then runs it once registered', async () => {
        const unknown = createHash('sha256').update(`${query} # unknown`).digest('hex');
        expectJsonError(
          await persisted({ version: 1, sha256Hash: unknown }, false),
          200,
          'PERSISTED_QUERY_NOT_FOUND',
        );
        const registered = await persisted({ version: 1, sha256Hash: hash }, true);
        expect(registered.kind === 'response' && JSON.parse(registered.text)).toEqual({
          data: { __typename: 'Query' },
        });
        const byHash = await persisted({ version: 1, sha256Hash: hash }, false);
        expect(byHash.kind === 'response' && JSON.parse(byHash.text)).toEqual({
          data: { __typename: 'Query' },
        });
      });

      it.each([
        ['a hash that does not match the query', { version: 1, sha256Hash: 'abc' }],
        ['an unsupported version', { version: 2, sha256Hash: hash }],
        ['a version given as a string', { version: '1', sha256Hash: hash }],
        ['a hash that is not a string', { version: 1, sha256Hash: 5 }],
        ['a persistedQuery that is not an object', 'yes'],
      ])('refuses %s with 400 BAD_REQUEST', async (_label, persistedQuery) => {
        expectJsonError(await persisted(persistedQuery, true), 400, 'BAD_REQUEST');
      });
    });

    it('answers more than 50 bad variable values with 400 BAD_USER_INPUT, not an internal error', async () => {
      const response = await env.gql(
        `query ($filter: ActivityFilter) { activity(filter: $filter) { edges { cursor } } }`,
        { filter: { memberIds: Array.from({ length: 60 }, () => true) } },
        staff,
      );
      expect(response.status).toBe(400);
      expect(new Set(response.errors!.map((error) => error.extensions?.code))).toEqual(
        new Set(['BAD_USER_INPUT']),
      );
    });

    it.each(['connection_ack', 'next', 'error'])(
      'closes a graphql-ws socket whose client sends the server-only message %s with 4400, not 4500',
      async (type) => {
        const socket = new WebSocket(
          env.app.server.wsUrl.replace('localhost', '127.0.0.1'),
          'graphql-transport-ws',
        );
        const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
        socket.on('open', () => {
          socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: staff } }));
          // Well-formed as the server would send it, so only its direction is wrong.
          socket.send(JSON.stringify({ type, id: '1', payload: type === 'error' ? [{ message: 'x' }] : {} }));
        });
        expect(await closed).toBe(4400);
      },
    );

    it('answers every surveyInvitation lookup whose token is too long for a query string with 431 as JSON, never a dropped socket', async () => {
      const token = 'x'.repeat(5_000_000);
      const path = `/graphql?query=${encodeURIComponent(`{ surveyInvitation(token: "${token}") { id } }`)}`;
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => send('', { 'apollo-require-preflight': '1' }, 'GET', path)),
      );
      for (const answer of answers) expectJsonError(answer, 431, 'BAD_REQUEST');
    });
  });
});
