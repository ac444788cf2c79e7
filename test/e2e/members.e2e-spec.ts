import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';
import { MEMBER_FIELDS, registerMember, type MemberView } from '../harness/members.fixtures';

describe('members and one identity across channels', () => {
  let env: TestEnvironment;
  let staff: string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    staff = await env.staffToken();
  });
  afterAll(() => env.stop());

  it('registers a member with profile, consent, preferences and channel identities', async () => {
    const member = await registerMember(env, {
      firstName: '  Grace ',
      email: 'Grace.Hopper@Example.com',
      phone: '+4915112345678',
      birthday: '1990-12-09',
      gender: 'FEMALE',
      region: 'Bavaria',
      joinChannel: 'pos',
      marketingConsent: true,
      communicationPreferences: { email: true, sms: false },
      channelIdentities: [
        { channel: 'pos', externalId: 'LC-0001' },
        { channel: 'shopify', externalId: '7365098301483947521' },
      ],
    });

    expect(member).toMatchObject({
      status: 'ACTIVE',
      firstName: 'Grace',
      email: 'grace.hopper@example.com',
      phone: '+4915112345678',
      birthday: '1990-12-09',
      joinChannel: 'pos',
      communicationPreferences: { email: true, sms: false, push: false, mail: false },
      channelIdentities: [
        { channel: 'pos', externalId: 'LC-0001' },
        { channel: 'shopify', externalId: '7365098301483947521' },
      ],
    });
    expect(member.marketingConsent.granted).toBe(true);
    expect(member.marketingConsent.updatedAt).not.toBeNull();
  });

  it('finds a member by any of their channel identities, keeping 64-bit ids exact', async () => {
    const member = await registerMember(env, {
      channelIdentities: [{ channel: 'shopify', externalId: '9007199254740993' }],
    });
    const response = await env.gql<{ memberByChannelIdentity: { id: string } }>(
      `{ memberByChannelIdentity(channel: "shopify", externalId: "9007199254740993") { id } }`,
      {},
      staff,
    );
    expect(response.data?.memberByChannelIdentity.id).toBe(member.id);
  });

  it('lets a member read and update their own profile through `me`', async () => {
    const member = await registerMember(env);
    const token = await env.memberToken(member.id);
    const me = await env.gql<{ me: { id: string } }>('{ me { id } }', {}, token);
    expect(me.data?.me.id).toBe(member.id);

    const updated = await env.gql<{ updateMemberProfile: MemberView }>(
      `mutation ($id: ID!) { updateMemberProfile(id: $id, input: { lastName: "Byron", region: null }) { ${MEMBER_FIELDS} } }`,
      { id: member.id },
      token,
    );
    expect(updated.data?.updateMemberProfile).toMatchObject({
      lastName: 'Byron',
      region: null,
      firstName: 'Ada',
    });
  });

  it('records consent changes with their time and audits them', async () => {
    const member = await registerMember(env);
    const response = await env.gql<{ updateCommunicationPreferences: MemberView }>(
      `mutation ($id: ID!) { updateCommunicationPreferences(id: $id, input: { marketingConsent: true, sms: true }) { ${MEMBER_FIELDS} } }`,
      { id: member.id },
      staff,
    );
    const updated = response.data!.updateCommunicationPreferences;
    expect(updated.marketingConsent.granted).toBe(true);
    expect(updated.communicationPreferences.sms).toBe(true);

    const audit = await env.gql<{
      auditLog: { edges: { node: { action: string; actorRole: string; after: Record<string, unknown> } }[] };
    }>(
      `query ($id: String!) { auditLog(filter: { targetType: "member", targetId: $id }) { edges { node { action actorRole after } } } }`,
      { id: member.id },
      await env.adminToken(),
    );
    const actions = audit.data!.auditLog.edges.map((edge) => edge.node);
    expect(actions[0]).toMatchObject({ action: 'member.preferences', actorRole: 'staff' });
    expect(actions[0].after).toMatchObject({ marketingConsent: true });
  });

  it('links and unlinks channel identities, and linking twice is a harmless retry', async () => {
    const member = await registerMember(env);
    const link = `mutation ($id: ID!) { linkChannelIdentity(memberId: $id, identity: { channel: "mini-program", externalId: "oWx-42" }) { id channel externalId member { id } } }`;
    const first = await env.gql<{ linkChannelIdentity: { id: string; member: { id: string } } }>(
      link,
      { id: member.id },
      staff,
    );
    const again = await env.gql<{ linkChannelIdentity: { id: string } }>(link, { id: member.id }, staff);
    expect(first.data?.linkChannelIdentity.member.id).toBe(member.id);
    expect(again.data?.linkChannelIdentity.id).toBe(first.data?.linkChannelIdentity.id);

    const unlinked = await env.gql<{ unlinkChannelIdentity: MemberView }>(
      `mutation ($id: ID!) { unlinkChannelIdentity(memberId: $id, identity: { channel: "mini-program", externalId: "oWx-42" }) { ${MEMBER_FIELDS} } }`,
      { id: member.id },
      staff,
    );
    expect(unlinked.data?.unlinkChannelIdentity.channelIdentities).toEqual([]);
  });

  it('closes a membership with exit feedback and reactivates it', async () => {
    const member = await registerMember(env);
    const token = await env.memberToken(member.id);
    const closed = await env.gql<{ closeMembership: MemberView }>(
      `mutation ($id: ID!) { closeMembership(id: $id, input: { reason: TOO_MANY_MESSAGES, comment: "Three emails a day" }) { ${MEMBER_FIELDS} } }`,
      { id: member.id },
      token,
    );
    expect(closed.data?.closeMembership).toMatchObject({
      status: 'CLOSED',
      closure: { reason: 'TOO_MANY_MESSAGES', comment: 'Three emails a day' },
    });

    const reactivated = await env.gql<{ reactivateMembership: MemberView }>(
      `mutation ($id: ID!) { reactivateMembership(id: $id) { ${MEMBER_FIELDS} } }`,
      { id: member.id },
      staff,
    );
    expect(reactivated.data?.reactivateMembership).toMatchObject({ status: 'ACTIVE', closure: null });
  });

  describe('merging two records of the same person', () => {
    it('moves identities to the survivor, fills its blanks, and leaves a MERGED record pointing at it', async () => {
      const survivor = await registerMember(env, {
        phone: null,
        channelIdentities: [{ channel: 'online-store', externalId: 'web-merge-1' }],
      });
      const duplicate = await registerMember(env, {
        email: null,
        phone: '+4917000000001',
        channelIdentities: [
          { channel: 'pos', externalId: 'pos-merge-1' },
          { channel: 'shopify', externalId: '7000000000000000001' },
        ],
      });
      const merge = `mutation ($s: ID!, $m: ID!) { mergeMembers(survivorId: $s, mergedId: $m) {
        alreadyMerged movedIdentities survivor { ${MEMBER_FIELDS} } merged { ${MEMBER_FIELDS} } } }`;
      const result = await env.gql<{
        mergeMembers: {
          alreadyMerged: boolean;
          movedIdentities: number;
          survivor: MemberView;
          merged: MemberView;
        };
      }>(merge, { s: survivor.id, m: duplicate.id }, staff);

      const payload = result.data!.mergeMembers;
      expect(payload.alreadyMerged).toBe(false);
      expect(payload.movedIdentities).toBe(2);
      expect(payload.survivor.phone).toBe('+4917000000001');
      expect(payload.survivor.channelIdentities.map((i) => i.externalId).sort()).toEqual([
        '7000000000000000001',
        'pos-merge-1',
        'web-merge-1',
      ]);
      expect(payload.merged).toMatchObject({
        status: 'MERGED',
        mergedInto: { id: survivor.id },
        phone: null,
      });

      const lookup = await env.gql<{ memberByChannelIdentity: { id: string } }>(
        `{ memberByChannelIdentity(channel: "pos", externalId: "pos-merge-1") { id } }`,
        {},
        staff,
      );
      expect(lookup.data?.memberByChannelIdentity.id).toBe(survivor.id);

      const retry = await env.gql<{ mergeMembers: { alreadyMerged: boolean; movedIdentities: number } }>(
        merge,
        { s: survivor.id, m: duplicate.id },
        staff,
      );
      expect(retry.data?.mergeMembers).toMatchObject({ alreadyMerged: true, movedIdentities: 0 });
    });
  });

  describe('privacy', () => {
    it('exports everything held about a member, and the export itself is audited', async () => {
      const member = await registerMember(env, {
        channelIdentities: [{ channel: 'app', externalId: 'app-export-1' }],
      });
      const token = await env.memberToken(member.id);
      const response = await env.gql<{ exportMemberData: { memberId: string; data: Record<string, any> } }>(
        `mutation ($id: ID!) { exportMemberData(id: $id) { memberId exportedAt data } }`,
        { id: member.id },
        token,
      );
      const exported = response.data!.exportMemberData;
      expect(exported.memberId).toBe(member.id);
      expect(exported.data.member).toMatchObject({ email: member.email, firstName: 'Ada' });
      expect(exported.data.channelIdentities).toEqual([
        expect.objectContaining({ channel: 'app', externalId: 'app-export-1' }),
      ]);
      expect(exported.data.auditTrail.map((entry: { action: string }) => entry.action)).toContain(
        'member.register',
      );

      const audit = await env.gql<{ auditLog: { edges: { node: { action: string; actorId: string } }[] } }>(
        `query ($id: String!) { auditLog(filter: { targetId: $id, action: "member.export" }) { edges { node { action actorId } } } }`,
        { id: member.id },
        await env.adminToken(),
      );
      expect(audit.data?.auditLog.edges).toEqual([{ node: { action: 'member.export', actorId: member.id } }]);
    });

    it('erases personal data but keeps the anonymised record and the audit trail without personal values', async () => {
      const member = await registerMember(env, {
        phone: '+4917000000099',
        channelIdentities: [{ channel: 'pos', externalId: 'pos-erase-1' }],
      });
      const erased = await env.gql<{ eraseMember: MemberView }>(
        `mutation ($id: ID!) { eraseMember(id: $id) { ${MEMBER_FIELDS} } }`,
        { id: member.id },
        await env.adminToken(),
      );
      expect(erased.data?.eraseMember).toMatchObject({
        id: member.id,
        status: 'ERASED',
        firstName: null,
        lastName: null,
        email: null,
        phone: null,
        channelIdentities: [{ channel: 'pos', externalId: null }],
      });

      const audit = await env.gql<{
        auditLog: { edges: { node: { action: string; before: unknown; after: unknown } }[] };
      }>(
        `query ($id: String!) { auditLog(filter: { targetType: "member", targetId: $id }) { edges { node { action before after } } } }`,
        { id: member.id },
        await env.adminToken(),
      );
      const serialized = JSON.stringify(audit.data?.auditLog.edges);
      expect(serialized).toContain('member.erase');
      expect(serialized).not.toContain(member.email!);
      expect(serialized).not.toContain('+4917000000099');
      expect(serialized).not.toContain('pos-erase-1');
    });
  });

  describe('staff search', () => {
    it('pages through members with first/after and filters by name, email, phone and identity', async () => {
      const tag = `Zed${Date.now()}`;
      const created: MemberView[] = [];
      for (let i = 0; i < 5; i++) {
        created.push(
          await registerMember(env, {
            lastName: tag,
            phone: `+49170${String(Date.now()).slice(-6)}${i}`,
            channelIdentities: [{ channel: 'pos', externalId: `${tag}-${i}` }],
          }),
        );
      }
      const page = (after: string | null) =>
        env.gql<{
          members: {
            totalCount: number;
            edges: { cursor: string; node: { id: string } }[];
            pageInfo: { hasNextPage: boolean; endCursor: string };
          };
        }>(
          `query ($after: String, $name: String) { members(first: 2, after: $after, filter: { name: $name }) {
            totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`,
          { after, name: tag },
          staff,
        );
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const response = await page(after);
        expect(response.data!.members.totalCount).toBe(5);
        seen.push(...response.data!.members.edges.map((edge) => edge.node.id));
        if (!response.data!.members.pageInfo.hasNextPage) break;
        after = response.data!.members.pageInfo.endCursor;
      }
      expect(seen).toEqual(created.map((m) => m.id));

      const byIdentity = await env.gql<{ members: { edges: { node: { id: string } }[] } }>(
        `query ($ext: String!) { members(filter: { channel: "pos", externalId: $ext }) { edges { node { id } } } }`,
        { ext: `${tag}-3` },
        staff,
      );
      expect(byIdentity.data?.members.edges.map((e) => e.node.id)).toEqual([created[3].id]);

      const byEmail = await env.gql<{ members: { edges: { node: { id: string } }[] } }>(
        `query ($email: String!) { members(filter: { email: $email }) { edges { node { id } } } }`,
        { email: created[1].email!.toUpperCase() },
        staff,
      );
      expect(byEmail.data?.members.edges.map((e) => e.node.id)).toEqual([created[1].id]);

      const byPhone = await env.gql<{ members: { edges: { node: { id: string } }[] } }>(
        `query ($phone: String!) { members(filter: { phone: $phone }) { edges { node { id } } } }`,
        { phone: created[4].phone },
        staff,
      );
      expect(byPhone.data?.members.edges.map((e) => e.node.id)).toEqual([created[4].id]);
    });
  });
});
