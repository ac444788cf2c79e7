import {
  getNamedType,
  GraphQLObjectType,
  isLeafType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLSchema,
} from 'graphql';
import { MEMBER_OWNED_TYPES } from '../../src/auth/member-owned-types';
import {
  createTestEnvironment,
  type GraphQLResponse,
  type TestEnvironment,
} from '../harness/test-environment';
import { registerMember } from '../harness/members.fixtures';
import { orderInput, recordOrder, upsertProducts } from '../harness/orders.fixtures';
import { givePoints } from '../harness/points.fixtures';
import { servedSchema } from '../harness/schema-walk';

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * Object types that mention a member but are not one member's data, and why they need no guard. Any
 * other type with a `member`/`memberId` field must be in MEMBER_OWNED_TYPES.
 */
const NOT_MEMBER_OWNED: Record<string, string> = {
  MergeMembersPayload: 'staff-only mutation result; the two members in it are guarded as Members',
  MemberConnection: 'staff-only search; its nodes are guarded as Members',
  MemberEdge: 'staff-only search; its node is guarded as a Member',
  RedemptionDetails:
    'an activity event’s typed payload: reached only through ActivityEvent, guarded by its memberId',
  CouponDetails:
    'an activity event’s typed payload: reached only through ActivityEvent, guarded by its memberId',
  TierChangedDetails:
    'an activity event’s typed payload: reached only through ActivityEvent, guarded by its memberId',
};

/**
 * Fields returning a Member that no path from a Member reaches, so the walk below cannot nest them
 * under the survivor: where a member token can reach them at all, and why that is safe.
 */
const MEMBER_FIELDS_NOT_UNDER_A_MEMBER: Record<string, string> = {
  'FeedbackResponse.member': 'feedbackResponses is staff-only; submitFeedback returns the caller’s own',
  'MergeMembersPayload.merged': 'mergeMembers is staff-only',
  'MergeMembersPayload.survivor': 'mergeMembers is staff-only',
  'MemberEdge.node': 'members search is staff-only',
  'DetractorAlert.member': 'the detractor alert queue and its mutations are staff-only',
};

/**
 * A merged member's token must not read the survivor (member(id: survivor) is FORBIDDEN), whatever
 * path leads there: `me { mergedInto { ... } }` and every relation nested below it. Staff can.
 */
describe('member data reached through nested fields', () => {
  let env: TestEnvironment;
  let staff: string;
  let mergedToken: string;
  let mergedId: string;
  let survivorId: string;
  let survivorEmail: string;
  let schema: GraphQLSchema;

  beforeAll(async () => {
    env = await createTestEnvironment();
    staff = await env.staffToken();
    const admin = await env.adminToken();
    await upsertProducts(env, [{ sku: 'NESTED-1', category: 'misc' }]);
    const survivor = await registerMember(env, {
      channelIdentities: [{ channel: 'pos', externalId: `nested-${process.pid}` }],
    });
    survivorId = survivor.id;
    survivorEmail = survivor.email!;
    mergedId = (await registerMember(env)).id;

    // The survivor gets data behind every relation: an order, points, a redemption with its coupon, insight.
    const order = await recordOrder(env, orderInput(survivorId, [['NESTED-1', 1, 5000]]));
    if (order.errors) throw new Error(JSON.stringify(order.errors));
    await givePoints(env, survivorId, 1000);
    const reward = await env.gql<{ createReward: { id: string } }>(
      `mutation ($input: CreateRewardInput!) { createReward(input: $input) { id } }`,
      {
        input: {
          code: `NESTED-${process.pid}`,
          name: 'Nested coupon',
          type: 'COUPON',
          pointsPrice: 100,
          discountKind: 'PERCENT',
          discountValue: 10,
          couponValidityDays: 30,
        },
      },
      admin,
    );
    if (!reward.data) throw new Error(JSON.stringify(reward.errors));
    const redeemed = await env.gql(
      `mutation ($r: ID!, $m: ID!) { redeemReward(rewardId: $r, memberId: $m, idempotencyKey: "nested-1") { id } }`,
      { r: reward.data.createReward.id, m: survivorId },
      staff,
    );
    if (redeemed.errors) throw new Error(JSON.stringify(redeemed.errors));
    await env.app.core.jobs.find((job) => job.name === 'insight-recompute')!.run(new Date());

    const merge = await env.gql(
      `mutation ($s: ID!, $m: ID!) { mergeMembers(survivorId: $s, mergedId: $m) { movedIdentities } }`,
      { s: survivorId, m: mergedId },
      staff,
    );
    if (merge.errors) throw new Error(JSON.stringify(merge.errors));
    mergedToken = await env.memberToken(mergedId);

    schema = await servedSchema(env);
  });
  afterAll(() => env.stop());

  /** The same selection under the survivor, once as the merged member (me) and once as staff. */
  async function throughMergedInto(selection: string) {
    const asMember = await env.gql<{ me: { id: string; mergedInto: unknown } }>(
      `{ me { id mergedInto { ${selection} } } }`,
      {},
      mergedToken,
    );
    const asStaff = await env.gql<{ member: { mergedInto: unknown } }>(
      `query ($id: ID!) { member(id: $id) { mergedInto { ${selection} } } }`,
      { id: mergedId },
      staff,
    );
    return { asMember, asStaff };
  }

  function refusedOnlyWithForbidden(response: GraphQLResponse<{ me: { id: string; mergedInto: unknown } }>) {
    const codes = new Set(response.errors?.map((error) => error.extensions?.code));
    return (
      response.data?.me.id === mergedId &&
      response.data.me.mergedInto === null &&
      codes.size === 1 &&
      codes.has('FORBIDDEN') &&
      !JSON.stringify(response).includes(survivorEmail)
    );
  }

  it('refuses the survivor to a merged member asking for it at the root, as before', async () => {
    const response = await env.gql(
      `query ($id: ID!) { member(id: $id) { id } }`,
      { id: survivorId },
      mergedToken,
    );
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it("refuses the survivor's balance and ledger through me { mergedInto }, while staff read them", async () => {
    const { asMember, asStaff } = await throughMergedInto(
      'id email points { available } pointsLedger { edges { node { points } } }',
    );
    expect(asMember.data?.me).toEqual({ id: mergedId, mergedInto: null });
    expect(asMember.errors?.map((error) => error.extensions?.code)).toContain('FORBIDDEN');
    expect(JSON.stringify(asMember)).not.toContain(survivorEmail);
    expect(asStaff.errors).toBeUndefined();
    expect(asStaff.data?.member.mergedInto).toMatchObject({
      id: survivorId,
      email: survivorEmail,
      points: { available: 900 },
    });
  });

  it('refuses every field of the survivor to the merged member, and answers each one to staff', async () => {
    const member = schema.getType('Member') as GraphQLObjectType;
    const leaks: string[] = [];
    const staffFailures: string[] = [];
    for (const field of Object.values(member.getFields())) {
      const { asMember, asStaff } = await throughMergedInto(selectionOf(field));
      if (!refusedOnlyWithForbidden(asMember))
        leaks.push(`Member.${field.name}: ${JSON.stringify(asMember)}`);
      if (asStaff.errors || !asStaff.data?.member.mergedInto) staffFailures.push(`Member.${field.name}`);
    }
    expect(leaks).toEqual([]);
    expect(staffFailures).toEqual([]);
  });

  it('refuses every relation that leads from the survivor back to a member, and staff reach the survivor', async () => {
    const paths = pathsToMemberFields(schema);
    // The walk must find the relations we know of, so a broken walk cannot pass silently.
    expect(paths.map((path) => path.field)).toEqual(
      expect.arrayContaining([
        'ChannelIdentity.member',
        'Coupon.member',
        'MemberInsight.member',
        'Member.mergedInto',
        'Order.member',
        'RewardRedemption.member',
      ]),
    );
    const leaks: string[] = [];
    const staffFailures: string[] = [];
    for (const path of paths) {
      const { asMember, asStaff } = await throughMergedInto(path.selection('id email'));
      if (!refusedOnlyWithForbidden(asMember)) leaks.push(`${path.field}: ${JSON.stringify(asMember)}`);
      const staffBody = JSON.stringify(asStaff.data ?? null);
      const reachesAMember = path.field === 'Member.mergedInto' || staffBody.includes(survivorEmail);
      if (asStaff.errors || !reachesAMember) staffFailures.push(`${path.field}: ${JSON.stringify(asStaff)}`);
    }
    expect(leaks).toEqual([]);
    expect(staffFailures).toEqual([]);
  });

  it('has a guard or a stated reason for every type and field in the schema that leads to a member', () => {
    const unguarded: string[] = [];
    const unexplained: string[] = [];
    const reachable = new Set(pathsToMemberFields(schema).map((path) => path.field));
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__') || ROOT_TYPES.has(type.name)) continue;
      for (const field of Object.values(type.getFields())) {
        const returnsMember = getNamedType(field.type).name === 'Member';
        const namesMember = field.name === 'member' || field.name === 'memberId' || returnsMember;
        if (namesMember && !MEMBER_OWNED_TYPES[type.name] && !NOT_MEMBER_OWNED[type.name])
          unguarded.push(`${type.name}.${field.name}`);
        const key = `${type.name}.${field.name}`;
        if (returnsMember && !reachable.has(key) && !MEMBER_FIELDS_NOT_UNDER_A_MEMBER[key])
          unexplained.push(key);
      }
    }
    expect(unguarded).toEqual([]);
    expect(unexplained).toEqual([]);
  });
});

/** A field with a minimal selection: leaves as they are, objects with __typename (args take defaults). */
function selectionOf(field: GraphQLField<unknown, unknown>): string {
  const required = field.args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
  if (required.length > 0) throw new Error(`Member.${field.name} needs arguments: add a case for it`);
  return isLeafType(getNamedType(field.type)) ? field.name : `${field.name} { __typename }`;
}

interface PathToMember {
  /** The field that returns a Member, as Type.field. */
  field: string;
  /** The selection from the survivor down to that field, wrapping `inner` (the Member's fields). */
  selection(inner: string): string;
}

/**
 * Breadth-first from Member over fields that need no arguments: the shortest path to every field of
 * another type that returns a Member (an order's member, a coupon's member...), plus mergedInto itself.
 */
function pathsToMemberFields(schema: GraphQLSchema): PathToMember[] {
  const start = schema.getType('Member') as GraphQLObjectType;
  const seen = new Set<string>([start.name]);
  const queue: { type: GraphQLObjectType; wrap: (inner: string) => string }[] = [
    { type: start, wrap: (inner) => inner },
  ];
  const found: PathToMember[] = [];
  while (queue.length > 0) {
    const { type, wrap } = queue.shift()!;
    for (const field of Object.values(type.getFields())) {
      const target = getNamedType(field.type);
      if (!isObjectType(target)) continue;
      if (field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined)) continue;
      const at = (inner: string) => wrap(`${field.name} { ${inner} }`);
      if (target.name === 'Member') {
        found.push({ field: `${type.name}.${field.name}`, selection: at });
      } else if (!seen.has(target.name)) {
        seen.add(target.name);
        queue.push({ type: target, wrap: at });
      }
    }
  }
  return found;
}
