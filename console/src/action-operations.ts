import type { Api } from './api';

/**
 * What support may do to a member, as the existing mutations do it (each audited server-side), plus
 * the audit entry the agent's action left: staff read only their own entries (auditLog with
 * filter.actorId = their subject), admins read the member's whole trail.
 */
export interface AuditEntry {
  id: string;
  action: string;
  actorId: string;
  actorRole: string;
  targetType: string;
  targetId: string;
  createdAt: string;
  after: unknown;
}

const AUDIT = 'id action actorId actorRole targetType targetId createdAt after';

export const latestAuditEntry = (api: Api, actorId: string, targetId: string) =>
  api
    .query<{ auditLog: { edges: { node: AuditEntry }[] } }>(
      `query ($filter: AuditFilter) { auditLog(first: 1, filter: $filter) { edges { node { ${AUDIT} } } } }`,
      { filter: { actorId, targetId } },
    )
    .then((data) => data.auditLog.edges[0]?.node ?? null);

export const auditTrail = (api: Api, targetId: string, after: string | null) =>
  api
    .query<{
      auditLog: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        edges: { node: AuditEntry }[];
      };
    }>(
      `query ($filter: AuditFilter, $after: String) { auditLog(first: 20, after: $after, filter: $filter) {
        pageInfo { hasNextPage endCursor } edges { node { ${AUDIT} } } } }`,
      { filter: { targetType: 'member', targetId }, after },
    )
    .then((data) => ({
      nodes: data.auditLog.edges.map((edge) => edge.node),
      hasNextPage: data.auditLog.pageInfo.hasNextPage,
      endCursor: data.auditLog.pageInfo.endCursor,
    }));

/** Every action resolves to one sentence for the agent and the target its audit entry names. */
export interface ActionResult {
  sentence: string;
  auditTarget: string;
}

export const adjustPoints = (
  api: Api,
  input: { memberId: string; points: number; reason: string; idempotencyKey: string },
) =>
  api
    .query<{ adjustPoints: { points: number; balance: { available: number } } }>(
      `mutation ($input: AdjustPointsInput!) { adjustPoints(input: $input) { points balance { available } } }`,
      { input },
    )
    .then(({ adjustPoints: r }): ActionResult => ({
      sentence: `${r.points > 0 ? '+' : ''}${r.points} points; ${r.balance.available} available now`,
      auditTarget: input.memberId,
    }));

export const cancelRedemption = (api: Api, id: string) =>
  api
    .query<{ cancelRedemption: { status: string; pointsSpent: number; reward: { name: string } } }>(
      `mutation ($id: ID!) { cancelRedemption(id: $id) { status pointsSpent reward { name } } }`,
      { id },
    )
    .then(({ cancelRedemption: r }): ActionResult => ({
      sentence: `${r.reward.name}: ${r.status}, ${r.pointsSpent} points returned`,
      auditTarget: id,
    }));

/** Support withdraws an unused coupon (VOID); the key makes a double click void it once. */
export const voidCoupon = (api: Api, id: string, reason: string, idempotencyKey: string) =>
  api
    .query<{ voidCoupon: { code: string; status: string } }>(
      `mutation ($id: ID!, $reason: String!, $key: String!) {
        voidCoupon(id: $id, reason: $reason, idempotencyKey: $key) { code status } }`,
      { id, reason, key: idempotencyKey },
    )
    .then(({ voidCoupon: r }): ActionResult => ({
      sentence: `Coupon ${r.code}: ${r.status}`,
      auditTarget: id,
    }));

/** Voids the old code and issues a new one of the same reward; the audit entry is on the old coupon. */
export const reissueCoupon = (api: Api, id: string, reason: string, idempotencyKey: string) =>
  api
    .query<{ reissueCoupon: { code: string; validUntil: string | null } }>(
      `mutation ($id: ID!, $reason: String!, $key: String!) {
        reissueCoupon(id: $id, reason: $reason, idempotencyKey: $key) { code validUntil } }`,
      { id, reason, key: idempotencyKey },
    )
    .then(({ reissueCoupon: r }): ActionResult => ({
      sentence: `Re-issued as ${r.code}${r.validUntil ? `, valid until ${r.validUntil.slice(0, 10)}` : ''}`,
      auditTarget: id,
    }));

export const assignTier = (api: Api, memberId: string, tierCode: string, reason: string) =>
  api
    .query<{ assignTier: { tier: { name: string } } }>(
      `mutation ($memberId: ID!, $tierCode: String!, $reason: String!) {
        assignTier(memberId: $memberId, tierCode: $tierCode, reason: $reason) { tier { name } } }`,
      { memberId, tierCode, reason },
    )
    .then(({ assignTier: r }): ActionResult => ({
      sentence: `Assigned ${r.tier.name}`,
      auditTarget: memberId,
    }));

export const releaseTier = (api: Api, memberId: string) =>
  api
    .query<{ releaseTierAssignment: { tier: { name: string } } }>(
      `mutation ($memberId: ID!) { releaseTierAssignment(memberId: $memberId) { tier { name } } }`,
      { memberId },
    )
    .then(({ releaseTierAssignment: r }): ActionResult => ({
      sentence: `Assignment released; the member is on ${r.tier.name} by their figures`,
      auditTarget: memberId,
    }));

export const linkIdentity = (api: Api, memberId: string, channel: string, externalId: string) =>
  api
    .query<{ linkChannelIdentity: { channel: string; externalId: string } }>(
      `mutation ($memberId: ID!, $identity: ChannelIdentityInput!) {
        linkChannelIdentity(memberId: $memberId, identity: $identity) { channel externalId } }`,
      { memberId, identity: { channel, externalId } },
    )
    .then(({ linkChannelIdentity: r }): ActionResult => ({
      sentence: `Linked ${r.channel}:${r.externalId}`,
      auditTarget: memberId,
    }));

export const unlinkIdentity = (api: Api, memberId: string, channel: string, externalId: string) =>
  api
    .query<{ unlinkChannelIdentity: { id: string } }>(
      `mutation ($memberId: ID!, $identity: ChannelIdentityInput!) {
        unlinkChannelIdentity(memberId: $memberId, identity: $identity) { id } }`,
      { memberId, identity: { channel, externalId } },
    )
    .then((): ActionResult => ({ sentence: `Unlinked ${channel}:${externalId}`, auditTarget: memberId }));

export const mergeMembers = (api: Api, survivorId: string, mergedId: string) =>
  api
    .query<{ mergeMembers: { alreadyMerged: boolean; movedIdentities: number } }>(
      `mutation ($survivorId: ID!, $mergedId: ID!) {
        mergeMembers(survivorId: $survivorId, mergedId: $mergedId) { alreadyMerged movedIdentities } }`,
      { survivorId, mergedId },
    )
    .then(({ mergeMembers: r }): ActionResult => ({
      sentence: r.alreadyMerged
        ? `#${mergedId} was already merged into #${survivorId}`
        : `#${mergedId} merged into #${survivorId}; ${r.movedIdentities} identities moved`,
      auditTarget: survivorId,
    }));

export const closeMembership = (api: Api, id: string, reason: string, comment: string) =>
  api
    .query<{ closeMembership: { status: string } }>(
      `mutation ($id: ID!, $input: CloseMembershipInput!) { closeMembership(id: $id, input: $input) { status } }`,
      { id, input: { reason, comment: comment || null } },
    )
    .then(({ closeMembership: r }): ActionResult => ({
      sentence: `Membership ${r.status}`,
      auditTarget: id,
    }));

export const reactivateMembership = (api: Api, id: string) =>
  api
    .query<{ reactivateMembership: { status: string } }>(
      `mutation ($id: ID!) { reactivateMembership(id: $id) { status } }`,
      { id },
    )
    .then(({ reactivateMembership: r }): ActionResult => ({
      sentence: `Membership ${r.status}`,
      auditTarget: id,
    }));

export const eraseMember = (api: Api, id: string) =>
  api
    .query<{ eraseMember: { status: string } }>(`mutation ($id: ID!) { eraseMember(id: $id) { status } }`, {
      id,
    })
    .then(({ eraseMember: r }): ActionResult => ({ sentence: `Member ${r.status}`, auditTarget: id }));

export const tierLadder = (api: Api) =>
  api.query<{ tiers: { code: string; name: string }[] }>('{ tiers { code name } }').then((d) => d.tiers);

export interface MergePreview {
  id: string;
  status: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  channelIdentities: { channel: string; externalId: string | null }[];
  points: { available: number; pending: number };
  orders: { edges: unknown[]; pageInfo: { hasNextPage: boolean } };
}

/** What a merge would move: the duplicate's identities, points and orders (read, nothing changed). */
export const mergePreview = (api: Api, id: string) =>
  api
    .query<{ member: MergePreview }>(
      `query ($id: ID!) { member(id: $id) { id status firstName lastName email
        channelIdentities { channel externalId } points { available pending }
        orders(first: 100) { edges { cursor } pageInfo { hasNextPage } } } }`,
      { id },
    )
    .then((data) => data.member);
