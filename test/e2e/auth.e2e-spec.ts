import { SignJWT } from 'jose';
import { issueToken } from '../../src/auth/token-issuer';
import type { Role } from '../../src/auth/principal';
import {
  createTestEnvironment,
  TEST_JWT_SECRET,
  type GraphQLResponse,
  type TestEnvironment,
} from '../harness/test-environment';
import { MEMBER_FIELDS, registerMember, type MemberView } from '../harness/members.fixtures';

/** Who may call what: missing or bad tokens are UNAUTHENTICATED, the wrong role or member is FORBIDDEN. */
describe('authentication and authorisation', () => {
  let env: TestEnvironment;
  let staff: string;
  let admin: string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    staff = await env.staffToken();
    admin = await env.adminToken();
  });
  afterAll(() => env.stop());

  const nowSeconds = () => Math.floor(Date.now() / 1000);

  /** Sends an operation with the raw Authorization header given (or none). */
  async function withHeader(
    query: string,
    variables: Record<string, unknown>,
    authorization?: string,
  ): Promise<GraphQLResponse> {
    const request = env.http().post('/graphql').set('content-type', 'application/json');
    if (authorization !== undefined) request.set('authorization', authorization);
    const response = await request.send({ query, variables });
    return { status: response.status, data: response.body.data, errors: response.body.errors };
  }

  function expectRefused(response: GraphQLResponse, code: string) {
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual([code]);
    expect(response.data ?? null).toBeNull();
  }

  async function memberState(id: string) {
    const response = await env.gql<{ member: MemberView & { updatedAt: string } }>(
      `query ($id: ID!) { member(id: $id) { ${MEMBER_FIELDS} updatedAt } }`,
      { id },
      staff,
    );
    if (!response.data) throw new Error(`read failed: ${JSON.stringify(response.errors)}`);
    const audit = await env.gql<{ auditLog: { edges: { node: { id: string; action: string } }[] } }>(
      `query ($id: String!) { auditLog(first: 100, filter: { targetType: "member", targetId: $id }) { edges { node { id action } } } }`,
      { id },
      admin,
    );
    return { member: response.data.member, audit: audit.data!.auditLog.edges.map((edge) => edge.node) };
  }

  async function memberCount(): Promise<number> {
    const response = await env.gql<{ members: { totalCount: number } }>(
      '{ members { totalCount } }',
      {},
      staff,
    );
    return response.data!.members.totalCount;
  }

  describe('authentication', () => {
    it('answers UNAUTHENTICATED with no data when a protected query has no token', async () => {
      const member = await registerMember(env);
      const response = await env.gql(`query ($id: ID!) { member(id: $id) { id email } }`, { id: member.id });
      expect(response.status).toBe(401);
      expectRefused(response, 'UNAUTHENTICATED');
      expect(response.errors![0].message).toMatch(/bearer token/i);
    });

    it('answers UNAUTHENTICATED to an anonymous write and registers nobody', async () => {
      const before = await memberCount();
      const response = await env.gql(
        `mutation { registerMember(input: { joinChannel: "pos", email: "anonymous.write@example.com" }) { id } }`,
      );
      expectRefused(response, 'UNAUTHENTICATED');
      expect(await memberCount()).toBe(before);
    });

    it('answers HTTP 401 UNAUTHENTICATED to a token signed with another secret', async () => {
      const forged = await issueToken('another-secret-that-is-at-least-32-characters', {
        role: 'admin',
        subject: 'admin-1',
      });
      const response = await env.gql(`{ members { totalCount } }`, {}, forged);
      expect(response.status).toBe(401);
      expectRefused(response, 'UNAUTHENTICATED');
      expect(response.errors![0].message).toMatch(/invalid/i);
    });

    it('answers HTTP 401 UNAUTHENTICATED to a token whose signature was tampered with', async () => {
      const [header, payload, signature] = staff.split('.');
      const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
      const response = await env.gql(`{ members { totalCount } }`, {}, `${header}.${payload}.${flipped}`);
      expect(response.status).toBe(401);
      expectRefused(response, 'UNAUTHENTICATED');
    });

    it('answers HTTP 401 UNAUTHENTICATED to a token whose payload was changed to another role', async () => {
      const member = await registerMember(env);
      const memberToken = await env.memberToken(member.id);
      const [header, payload, signature] = memberToken.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      const elevated = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
      const response = await env.gql(
        `{ auditLog { edges { node { id } } } }`,
        {},
        `${header}.${elevated}.${signature}`,
      );
      expect(response.status).toBe(401);
      expectRefused(response, 'UNAUTHENTICATED');
    });

    it('answers HTTP 401 UNAUTHENTICATED saying the token expired to an expired token', async () => {
      const expired = await env.token('staff', 'staff-1', nowSeconds() - 60);
      const response = await env.gql(`{ members { totalCount } }`, {}, expired);
      expect(response.status).toBe(401);
      expectRefused(response, 'UNAUTHENTICATED');
      expect(response.errors![0].message).toMatch(/expired/i);
    });

    it('refuses an expired token even for a write, and the write does not happen', async () => {
      const member = await registerMember(env);
      const before = await memberState(member.id);
      const expired = await env.token('admin', 'admin-1', nowSeconds() - 60);
      const response = await env.gql(
        `mutation ($id: ID!) { eraseMember(id: $id) { id } }`,
        { id: member.id },
        expired,
      );
      expect(response.status).toBe(401);
      expectRefused(response, 'UNAUTHENTICATED');
      expect(await memberState(member.id)).toEqual(before);
    });

    it('answers HTTP 401 UNAUTHENTICATED to a token signed with the none algorithm', async () => {
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const payload = Buffer.from(
        JSON.stringify({ role: 'admin', sub: 'admin-1', exp: nowSeconds() + 3600 }),
      ).toString('base64url');
      const response = await env.gql(`{ members { totalCount } }`, {}, `${header}.${payload}.`);
      expect(response.status).toBe(401);
      expectRefused(response, 'UNAUTHENTICATED');
    });

    it('answers HTTP 401 UNAUTHENTICATED to a token with an unknown role claim', async () => {
      const partner = await issueToken(TEST_JWT_SECRET, { role: 'superuser' as Role, subject: 'x-1' });
      const response = await env.gql(`{ members { totalCount } }`, {}, partner);
      expect(response.status).toBe(401);
      expectRefused(response, 'UNAUTHENTICATED');
      expect(response.errors![0].message).toMatch(/role/i);
    });

    it('answers HTTP 401 UNAUTHENTICATED to a member token whose subject is not a member id', async () => {
      const response = await env.gql(`{ me { id } }`, {}, await env.token('member', 'not-a-number'));
      expect(response.status).toBe(401);
      expectRefused(response, 'UNAUTHENTICATED');
    });

    it('answers HTTP 401 UNAUTHENTICATED to a token without a subject', async () => {
      const token = await new SignJWT({ role: 'staff' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(TEST_JWT_SECRET));
      const response = await env.gql(`{ members { totalCount } }`, {}, token);
      expect(response.status).toBe(401);
      expectRefused(response, 'UNAUTHENTICATED');
    });

    it.each([
      ['a token without the Bearer scheme', (token: string) => token],
      ['another scheme', (token: string) => `Basic ${token}`],
      ['the scheme without a token', () => 'Bearer'],
      ['two tokens', (token: string) => `Bearer ${token} ${token}`],
      ['garbage instead of a JWT', () => 'Bearer not.a.jwt'],
    ])('answers HTTP 401 UNAUTHENTICATED to a malformed Authorization header: %s', async (_label, header) => {
      const response = await withHeader(`{ members { totalCount } }`, {}, header(staff));
      expect(response.status).toBe(401);
      expectRefused(response, 'UNAUTHENTICATED');
    });

    it('accepts the same staff token once the header is well formed, proving the refusals were about the header', async () => {
      const response = await withHeader(`{ members { totalCount } }`, {}, `Bearer ${staff}`);
      expect(response.status).toBe(200);
      expect(response.errors).toBeUndefined();
      expect(typeof (response.data as { members: { totalCount: number } }).members.totalCount).toBe('number');
    });
  });

  describe('members reach only their own membership', () => {
    it('answers FORBIDDEN with no data when a member reads another member', async () => {
      const me = await registerMember(env);
      const other = await registerMember(env, { phone: '+4915188880001' });
      const response = await env.gql(
        `query ($id: ID!) { member(id: $id) { id email phone firstName } }`,
        { id: other.id },
        await env.memberToken(me.id),
      );
      expectRefused(response, 'FORBIDDEN');
      expect(JSON.stringify(response)).not.toContain(other.email!);
      expect(JSON.stringify(response)).not.toContain('+4915188880001');
    });

    it('lets a member read their own record by id', async () => {
      const me = await registerMember(env);
      const response = await env.gql<{ member: { id: string; email: string } }>(
        `query ($id: ID!) { member(id: $id) { id email } }`,
        { id: me.id },
        await env.memberToken(me.id),
      );
      expect(response.errors).toBeUndefined();
      expect(response.data?.member).toEqual({ id: me.id, email: me.email });
    });

    it('answers FORBIDDEN when a member finds another member through a channel identity', async () => {
      const me = await registerMember(env);
      await registerMember(env, { channelIdentities: [{ channel: 'pos', externalId: 'other-card-1' }] });
      const response = await env.gql(
        `{ memberByChannelIdentity(channel: "pos", externalId: "other-card-1") { id email } }`,
        {},
        await env.memberToken(me.id),
      );
      expectRefused(response, 'FORBIDDEN');
    });

    it.each([
      [
        'updates the profile of',
        `mutation ($id: ID!) { updateMemberProfile(id: $id, input: { firstName: "Mallory" }) { id } }`,
      ],
      [
        'changes the preferences of',
        `mutation ($id: ID!) { updateCommunicationPreferences(id: $id, input: { marketingConsent: true }) { id } }`,
      ],
      [
        'closes the membership of',
        `mutation ($id: ID!) { closeMembership(id: $id, input: { reason: OTHER }) { id } }`,
      ],
      ['exports the data of', `mutation ($id: ID!) { exportMemberData(id: $id) { memberId data } }`],
      ['erases', `mutation ($id: ID!) { eraseMember(id: $id) { id } }`],
    ])(
      'answers FORBIDDEN when a member %s another member, and that member is unchanged',
      async (_label, mutation) => {
        const me = await registerMember(env);
        const other = await registerMember(env);
        const before = await memberState(other.id);
        const response = await env.gql(mutation, { id: other.id }, await env.memberToken(me.id));
        expectRefused(response, 'FORBIDDEN');
        expect(await memberState(other.id)).toEqual(before);
      },
    );
  });

  describe('roles', () => {
    it('answers FORBIDDEN when a member searches members', async () => {
      const me = await registerMember(env);
      const response = await env.gql(
        `{ members { totalCount edges { node { id email } } } }`,
        {},
        await env.memberToken(me.id),
      );
      expectRefused(response, 'FORBIDDEN');
    });

    it('answers FORBIDDEN when a member registers a member, and nobody is registered', async () => {
      const me = await registerMember(env);
      const before = await memberCount();
      const response = await env.gql(
        `mutation { registerMember(input: { joinChannel: "app", email: "self.registered@example.com" }) { id } }`,
        {},
        await env.memberToken(me.id),
      );
      expectRefused(response, 'FORBIDDEN');
      expect(await memberCount()).toBe(before);
    });

    it('answers FORBIDDEN when a member links a channel identity, even to their own record, and nothing is linked', async () => {
      const me = await registerMember(env);
      const before = await memberState(me.id);
      const response = await env.gql(
        `mutation ($id: ID!) { linkChannelIdentity(memberId: $id, identity: { channel: "pos", externalId: "self-link-1" }) { id } }`,
        { id: me.id },
        await env.memberToken(me.id),
      );
      expectRefused(response, 'FORBIDDEN');
      expect(await memberState(me.id)).toEqual(before);
      const lookup = await env.gql(
        `{ memberByChannelIdentity(channel: "pos", externalId: "self-link-1") { id } }`,
        {},
        staff,
      );
      expect(lookup.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });

    it('answers FORBIDDEN when a member merges members, and neither changes', async () => {
      const me = await registerMember(env);
      const other = await registerMember(env);
      const meBefore = await memberState(me.id);
      const otherBefore = await memberState(other.id);
      const response = await env.gql(
        `mutation ($s: ID!, $m: ID!) { mergeMembers(survivorId: $s, mergedId: $m) { alreadyMerged } }`,
        { s: me.id, m: other.id },
        await env.memberToken(me.id),
      );
      expectRefused(response, 'FORBIDDEN');
      expect(await memberState(me.id)).toEqual(meBefore);
      expect(await memberState(other.id)).toEqual(otherBefore);
    });

    it('answers FORBIDDEN when staff erase a member (admin only), and the member keeps their data', async () => {
      const member = await registerMember(env, { phone: '+4915177770001' });
      const before = await memberState(member.id);
      const response = await env.gql(
        `mutation ($id: ID!) { eraseMember(id: $id) { id status } }`,
        { id: member.id },
        staff,
      );
      expectRefused(response, 'FORBIDDEN');
      expect(response.errors![0].message).toMatch(/admin/);
      const after = await memberState(member.id);
      expect(after).toEqual(before);
      expect(after.member).toMatchObject({ status: 'ACTIVE', email: member.email, phone: '+4915177770001' });
      expect(after.audit.map((entry) => entry.action)).not.toContain('member.erase');
    });

    it('answers FORBIDDEN when staff read the audit log', async () => {
      const response = await env.gql(`{ auditLog { edges { node { id action before after } } } }`, {}, staff);
      expectRefused(response, 'FORBIDDEN');
    });

    it('answers FORBIDDEN when a member reads the audit log', async () => {
      const me = await registerMember(env);
      const response = await env.gql(
        `{ auditLog { edges { node { id } } } }`,
        {},
        await env.memberToken(me.id),
      );
      expectRefused(response, 'FORBIDDEN');
    });

    it('answers FORBIDDEN when staff or admins ask for `me`, which only member tokens have', async () => {
      for (const token of [staff, admin]) {
        const response = await env.gql(`{ me { id } }`, {}, token);
        expectRefused(response, 'FORBIDDEN');
      }
    });

    it('lets an admin erase a member, proving the staff refusal was about the role', async () => {
      const member = await registerMember(env);
      const response = await env.gql<{ eraseMember: { status: string } }>(
        `mutation ($id: ID!) { eraseMember(id: $id) { status } }`,
        { id: member.id },
        admin,
      );
      expect(response.errors).toBeUndefined();
      expect(response.data?.eraseMember.status).toBe('ERASED');
    });
  });

  describe('audit of who did what', () => {
    interface AuditNode {
      action: string;
      actorRole: string;
      actorId: string;
      targetId: string;
      requestId: string | null;
    }

    async function auditOf(id: string): Promise<AuditNode[]> {
      const response = await env.gql<{ auditLog: { edges: { node: AuditNode }[] } }>(
        `query ($id: String!) { auditLog(first: 100, filter: { targetType: "member", targetId: $id }) {
          edges { node { action actorRole actorId targetId requestId } } } }`,
        { id },
        admin,
      );
      if (!response.data) throw new Error(`audit read failed: ${JSON.stringify(response.errors)}`);
      return response.data.auditLog.edges.map((edge) => edge.node);
    }

    it('records staff writes with actorRole staff and the staff user id from the token', async () => {
      const clerk = await env.token('staff', 'clerk-42');
      const registered = await env.gql<{ registerMember: { id: string } }>(
        `mutation { registerMember(input: { joinChannel: "pos", email: "audited.by.staff@example.com" }) { id } }`,
        {},
        clerk,
      );
      const id = registered.data!.registerMember.id;
      await env.gql(
        `mutation ($id: ID!) { updateMemberProfile(id: $id, input: { firstName: "Audited" }) { id } }`,
        { id },
        clerk,
      );
      await env.gql(
        `mutation ($id: ID!) { linkChannelIdentity(memberId: $id, identity: { channel: "pos", externalId: "audited-1" }) { id } }`,
        { id },
        clerk,
      );
      await env.gql(
        `mutation ($id: ID!) { closeMembership(id: $id, input: { reason: OTHER }) { id } }`,
        { id },
        clerk,
      );

      const entries = await auditOf(id);
      expect(entries.map((entry) => entry.action).sort()).toEqual(
        ['member.close', 'member.identity.link', 'member.register', 'member.update'].sort(),
      );
      for (const entry of entries)
        expect(entry).toMatchObject({ actorRole: 'staff', actorId: 'clerk-42', targetId: id });
    });

    it('records a member acting on themselves with actorRole member and their member id', async () => {
      const member = await registerMember(env);
      await env.gql(
        `mutation ($id: ID!) { updateCommunicationPreferences(id: $id, input: { sms: true }) { id } }`,
        { id: member.id },
        await env.memberToken(member.id),
      );
      const entries = await auditOf(member.id);
      expect(entries[0]).toMatchObject({
        action: 'member.preferences',
        actorRole: 'member',
        actorId: member.id,
      });
    });

    it('records refused writes nowhere in the audit log', async () => {
      const member = await registerMember(env);
      const before = await auditOf(member.id);
      await env.gql(`mutation ($id: ID!) { eraseMember(id: $id) { id } }`, { id: member.id }, staff);
      await env.gql(
        `mutation ($id: ID!) { updateMemberProfile(id: $id, input: { firstName: "X" }) { id } }`,
        { id: member.id },
      );
      expect(await auditOf(member.id)).toEqual(before);
    });

    it('records the X-Request-Id of the request that made the change', async () => {
      const member = await registerMember(env);
      const response = await env
        .http()
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('authorization', `Bearer ${staff}`)
        .set('x-request-id', 'trace-audit-7')
        .send({
          query: `mutation ($id: ID!) { updateMemberProfile(id: $id, input: { region: "Tyrol" }) { id } }`,
          variables: { id: member.id },
        });
      expect(response.body.errors).toBeUndefined();
      const entries = await auditOf(member.id);
      expect(entries[0]).toMatchObject({ action: 'member.update', requestId: 'trace-audit-7' });
    });
  });
});
