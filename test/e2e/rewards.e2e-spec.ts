import { ActivityEvent } from '../../src/modules/activity/activity-event.entity';
import { Coupon } from '../../src/modules/rewards/coupon.entity';
import { RewardRedemption } from '../../src/modules/rewards/reward-redemption.entity';
import { Reward } from '../../src/modules/rewards/reward.entity';
import { SYSTEM_PRINCIPAL } from '../../src/auth/principal';
import { registerMember } from '../harness/members.fixtures';
import { expectLedgerConsistent, givePoints } from '../harness/points.fixtures';
import {
  createTestEnvironment,
  type GraphQLResponse,
  type TestEnvironment,
} from '../harness/test-environment';

const REWARD_FIELDS = `id code name type pointsPrice stock redeemedCount perMemberLimit globalLimit minimumTierCode
  discountKind discountValue discountCurrency couponValidityDays partnerName birthdayGift memberDayBenefit active`;
const REDEMPTION_FIELDS = `id status pointsSpent fulfilmentStatus redeemedAt cancelledAt
  reward { id code stock redeemedCount } coupon { id code status source validUntil usedAt } member { id }`;

interface RewardView {
  id: string;
  code: string;
  stock: number | null;
  redeemedCount: number;
  [field: string]: unknown;
}

interface RedemptionView {
  id: string;
  status: string;
  pointsSpent: number;
  fulfilmentStatus: string | null;
  reward: { id: string; code: string; stock: number | null; redeemedCount: number };
  coupon: { id: string; code: string; status: string; source: string; validUntil: string | null } | null;
  member: { id: string };
}

const CREATE = `mutation ($input: CreateRewardInput!) { createReward(input: $input) { ${REWARD_FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateRewardInput!) { updateReward(id: $id, input: $input) { ${REWARD_FIELDS} } }`;
const REDEEM = `mutation ($rewardId: ID!, $memberId: ID!, $key: String!) {
  redeemReward(rewardId: $rewardId, memberId: $memberId, idempotencyKey: $key) { ${REDEMPTION_FIELDS} } }`;
const CANCEL = `mutation ($id: ID!) { cancelRedemption(id: $id) { ${REDEMPTION_FIELDS} } }`;
const FULFIL = `mutation ($id: ID!, $status: FulfilmentStatus!) {
  updateRedemptionFulfilment(id: $id, status: $status) { ${REDEMPTION_FIELDS} } }`;
const USE_COUPON = `mutation ($code: String!) { redeemCoupon(code: $code) { id code status usedAt reward { code } member { id } } }`;

let sequence = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${++sequence}`.toUpperCase();

function codeOf(response: GraphQLResponse): string | undefined {
  return response.errors?.[0]?.extensions?.code;
}

describe('rewards: the points mall, coupons, benefits and referrals', () => {
  let env: TestEnvironment;
  let admin: string;
  let staff: string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    admin = await env.adminToken();
    staff = await env.staffToken();
    for (const tier of [
      { code: 'REGULAR', name: 'Regular', rank: 0 },
      { code: 'GOLD', name: 'Gold', rank: 2, minimumSpendMinor: 200_000 },
    ]) {
      const created = await env.gql(
        `mutation ($input: CreateTierInput!) { createTier(input: $input) { code } }`,
        { input: tier },
        admin,
      );
      if (created.errors) throw new Error(JSON.stringify(created.errors));
    }
  });
  afterAll(() => env.stop());

  async function createReward(input: Record<string, unknown> = {}): Promise<RewardView> {
    const response = await env.gql<{ createReward: RewardView }>(
      CREATE,
      {
        input: {
          code: unique('R'),
          name: 'Test coupon',
          type: 'COUPON',
          pointsPrice: 100,
          discountKind: 'PERCENT',
          discountValue: 10,
          couponValidityDays: 30,
          ...input,
        },
      },
      admin,
    );
    if (!response.data) throw new Error(JSON.stringify(response.errors));
    return response.data.createReward;
  }

  async function memberWithPoints(points: number, overrides: Record<string, unknown> = {}): Promise<string> {
    const member = await registerMember(env, overrides);
    if (points > 0) await givePoints(env, member.id, points);
    return member.id;
  }

  function redeem(rewardId: string, memberId: string, key = unique('key'), token = staff) {
    return env.gql<{ redeemReward: RedemptionView }>(REDEEM, { rewardId, memberId, key }, token);
  }

  async function redeemOk(
    rewardId: string,
    memberId: string,
    key?: string,
    token?: string,
  ): Promise<RedemptionView> {
    const response = await redeem(rewardId, memberId, key, token);
    if (!response.data?.redeemReward) throw new Error(JSON.stringify(response.errors));
    return response.data.redeemReward;
  }

  /** Everything a refused operation must leave as it was. */
  async function state(memberId: string, rewardId: string) {
    const manager = env.app.db.manager;
    const reward = await manager.findOneByOrFail(Reward, { id: Number(rewardId) });
    return {
      balance: (await env.app.core.services.ledger.balanceOf(manager, Number(memberId))).available,
      stock: reward.stock,
      redeemedCount: reward.redeemedCount,
      redemptions: await manager.countBy(RewardRedemption, { memberId: Number(memberId) }),
      coupons: await manager.find(Coupon, { where: { memberId: Number(memberId) }, order: { id: 'ASC' } }),
      events: await manager.countBy(ActivityEvent, { memberId: Number(memberId) }),
    };
  }

  describe('catalog', () => {
    it('restocks relative to the current stock and refuses to take it below zero or restock unlimited rewards', async () => {
      const RESTOCK = `mutation ($id: ID!, $q: Int!, $r: String!) { restockReward(id: $id, quantity: $q, reason: $r) { stock } }`;
      const limited = await createReward({ stock: 3 });
      const added = await env.gql<any>(RESTOCK, { id: limited.id, q: 5, r: 'Delivery arrived' }, admin);
      expect(added.data.restockReward.stock).toBe(8);
      const tooMany = await env.gql<any>(RESTOCK, { id: limited.id, q: -9, r: 'Damaged' }, admin);
      expect(tooMany.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'quantity' }],
      });
      const unlimited = await createReward();
      const refused = await env.gql<any>(RESTOCK, { id: unlimited.id, q: 1, r: 'Delivery arrived' }, admin);
      expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const asStaff = await env.gql<any>(
        RESTOCK,
        { id: limited.id, q: 1, r: 'Delivery arrived' },
        await env.staffToken(),
      );
      expect(asStaff.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const read = await env.gql<any>(
        `query ($id: ID!) { reward(id: $id) { stock } }`,
        { id: limited.id },
        admin,
      );
      expect(read.data.reward.stock).toBe(8);
    });

    it('lets an admin create a reward of each type and audits it', async () => {
      const coupon = await createReward({
        discountKind: 'AMOUNT',
        discountValue: 500,
        discountCurrency: 'EUR',
      });
      expect(coupon).toMatchObject({
        type: 'COUPON',
        discountKind: 'AMOUNT',
        discountValue: 500,
        redeemedCount: 0,
      });
      const gift = await createReward({
        type: 'GIFT',
        discountKind: null,
        discountValue: null,
        couponValidityDays: null,
        stock: 3,
      });
      expect(gift).toMatchObject({ type: 'GIFT', stock: 3, discountKind: null });
      const voucher = await createReward({
        type: 'PARTNER_VOUCHER',
        discountKind: null,
        discountValue: null,
        partnerName: 'Bean & Leaf',
      });
      expect(voucher.partnerName).toBe('Bean & Leaf');
      const exclusive = await createReward({ type: 'DISCOUNT', minimumTierCode: 'GOLD' });
      expect(exclusive.minimumTierCode).toBe('GOLD');

      const audit = await env.gql<{ auditLog: { edges: { node: { action: string } }[] } }>(
        `query { auditLog(first: 100, filter: { targetType: "reward" }) { edges { node { action } } } }`,
        {},
        admin,
      );
      expect(
        audit.data?.auditLog.edges.filter((e) => e.node.action === 'reward.create').length,
      ).toBeGreaterThanOrEqual(4);
    });

    it('refuses inconsistent definitions with the fields at fault', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ pointsPrice: 0 }, 'pointsPrice'],
        [{ stock: -1 }, 'stock'],
        [{ perMemberLimit: 0 }, 'perMemberLimit'],
        [{ globalLimit: 0 }, 'globalLimit'],
        [{ validFrom: '2026-05-01T00:00:00Z', validUntil: '2026-04-01T00:00:00Z' }, 'validUntil'],
        [{ discountKind: null }, 'discountKind'],
        [{ discountKind: 'PERCENT', discountValue: 150 }, 'discountValue'],
        [{ type: 'GIFT' }, 'discountKind'],
        [{ type: 'PARTNER_VOUCHER', discountKind: null, discountValue: null }, 'partnerName'],
        [{ minimumTierCode: 'PLATINUM' }, 'minimumTierCode'],
        [{ code: 'lower case' }, 'code'],
      ];
      for (const [input, field] of cases) {
        const before = await env.app.db.manager.count(Reward);
        const response = await env.gql(
          CREATE,
          {
            input: {
              code: unique('BAD'),
              name: 'Bad',
              type: 'COUPON',
              pointsPrice: 10,
              discountKind: 'PERCENT',
              discountValue: 5,
              ...input,
            },
          },
          admin,
        );
        expect({ input, code: codeOf(response) }).toEqual({ input, code: 'BAD_USER_INPUT' });
        const fields = (response.errors![0].extensions!.fields as { field: string }[]).map((f) => f.field);
        expect(fields).toContain(field);
        expect(await env.app.db.manager.count(Reward)).toBe(before);
      }
    });

    it('refuses a taken code as CONFLICT and reward administration to non-admins', async () => {
      const reward = await createReward();
      const again = await env.gql(
        CREATE,
        { input: { code: reward.code, name: 'x', type: 'GIFT', pointsPrice: 5 } },
        admin,
      );
      expect(codeOf(again)).toBe('CONFLICT');
      const byStaff = await env.gql(
        CREATE,
        { input: { code: unique('S'), name: 'x', type: 'GIFT', pointsPrice: 5 } },
        staff,
      );
      expect(codeOf(byStaff)).toBe('FORBIDDEN');
    });

    it('updates a reward, validating the result as a whole', async () => {
      const reward = await createReward({ stock: 5 });
      const updated = await env.gql<{ updateReward: RewardView }>(
        UPDATE,
        { id: reward.id, input: { pointsPrice: 250, stock: null, perMemberLimit: 2 } },
        admin,
      );
      expect(updated.data?.updateReward).toMatchObject({ pointsPrice: 250, stock: null, perMemberLimit: 2 });
      const bad = await env.gql(UPDATE, { id: reward.id, input: { discountKind: null } }, admin);
      expect(codeOf(bad)).toBe('BAD_USER_INPUT');
      const missing = await env.gql(UPDATE, { id: '999999', input: { name: 'x' } }, admin);
      expect(codeOf(missing)).toBe('NOT_FOUND');
    });

    it('lists rewards by type and offer, and what a member can afford', async () => {
      const memberId = await memberWithPoints(300);
      const cheap = await createReward({ type: 'DISCOUNT', pointsPrice: 200 });
      const dear = await createReward({ type: 'DISCOUNT', pointsPrice: 400 });
      const inactive = await createReward({ type: 'DISCOUNT', pointsPrice: 10, active: false });
      const gold = await createReward({ type: 'DISCOUNT', pointsPrice: 10, minimumTierCode: 'GOLD' });
      const empty = await createReward({ type: 'DISCOUNT', pointsPrice: 10, stock: 0 });
      const LIST = `query ($filter: RewardFilter, $first: Int) { rewards(first: $first, filter: $filter) {
        totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`;
      const ids = async (filter: Record<string, unknown>, token = staff) => {
        const response = await env.gql<{ rewards: { edges: { node: { id: string } }[] } }>(
          LIST,
          { filter, first: 100 },
          token,
        );
        if (!response.data) throw new Error(JSON.stringify(response.errors));
        return response.data.rewards.edges.map((e) => e.node.id);
      };
      const discounts = await ids({ type: 'DISCOUNT' });
      expect(discounts).toEqual(expect.arrayContaining([cheap.id, dear.id, gold.id, empty.id]));
      expect(discounts).not.toContain(inactive.id);
      expect(await ids({ type: 'DISCOUNT', activeOnly: false })).toContain(inactive.id);

      const token = await env.memberToken(memberId);
      const affordable = await ids({ type: 'DISCOUNT', affordableFor: memberId }, token);
      expect(affordable).toContain(cheap.id);
      for (const id of [dear.id, inactive.id, gold.id, empty.id]) expect(affordable).not.toContain(id);

      const other = await memberWithPoints(0);
      const forbidden = await env.gql(LIST, { filter: { affordableFor: other } }, token);
      expect(codeOf(forbidden)).toBe('FORBIDDEN');

      const page = await env.gql<{ rewards: { edges: unknown[]; pageInfo: { hasNextPage: boolean } } }>(
        LIST,
        { filter: { type: 'DISCOUNT' }, first: 1 },
        token,
      );
      expect(page.data?.rewards.edges).toHaveLength(1);
      expect(page.data?.rewards.pageInfo.hasNextPage).toBe(true);
      const one = await env.gql<{ reward: { code: string } }>(
        `query ($id: ID!) { reward(id: $id) { code } }`,
        { id: cheap.id },
        token,
      );
      expect(one.data?.reward.code).toBe(cheap.code);
    });
  });

  describe('redeeming', () => {
    it('spends the points, takes a unit, issues a coupon and records the event, in one go', async () => {
      const memberId = await memberWithPoints(1000);
      const reward = await createReward({ pointsPrice: 300, stock: 10 });
      const token = await env.memberToken(memberId);
      const redemption = await redeemOk(reward.id, memberId, undefined, token);

      expect(redemption).toMatchObject({
        status: 'REDEEMED',
        pointsSpent: 300,
        fulfilmentStatus: null,
        reward: { id: reward.id, stock: 9, redeemedCount: 1 },
        member: { id: memberId },
      });
      expect(redemption.coupon).toMatchObject({ status: 'ISSUED', source: 'REDEMPTION' });
      expect(redemption.coupon!.code).toMatch(/^[A-Z2-9]{16}$/);
      expect(new Date(redemption.coupon!.validUntil!).getTime()).toBeGreaterThan(
        Date.now() + 29 * 86_400_000,
      );

      const after = await state(memberId, reward.id);
      expect(after.balance).toBe(700);
      const events = await env.app.db.manager.find(ActivityEvent, { where: { memberId: Number(memberId) } });
      const redeemed = events.find((e) => e.type === 'reward.redeemed');
      expect(JSON.parse(redeemed!.payloadJson)).toMatchObject({
        redemptionId: redemption.id,
        stockAfter: 9,
        pointsSpent: 300,
        coupon: { status: 'ISSUED' },
      });
      expect(events.some((e) => e.type === 'points.spent')).toBe(true);
      await expectLedgerConsistent(env, memberId);
    });

    it('answers a retry with the same key with the first redemption, and another input with IDEMPOTENCY_MISMATCH', async () => {
      const memberId = await memberWithPoints(1000);
      const reward = await createReward({ pointsPrice: 100, stock: 5 });
      const other = await createReward({ pointsPrice: 100 });
      const key = unique('retry');
      const first = await redeemOk(reward.id, memberId, key);
      const before = await state(memberId, reward.id);
      const retry = await redeemOk(reward.id, memberId, key);
      expect(retry.id).toBe(first.id);
      expect(retry.coupon?.code).toBe(first.coupon?.code);
      expect(await state(memberId, reward.id)).toEqual(before);

      const mismatch = await redeem(other.id, memberId, key);
      expect(codeOf(mismatch)).toBe('IDEMPOTENCY_MISMATCH');
      expect(await state(memberId, reward.id)).toEqual(before);
      expect((await state(memberId, other.id)).redeemedCount).toBe(0);
    });

    it('refuses each bad redemption with its code and changes nothing', async () => {
      const memberId = await memberWithPoints(500);
      const cases: [Record<string, unknown>, string][] = [
        [{ stock: 0 }, 'OUT_OF_STOCK'],
        [{ minimumTierCode: 'GOLD' }, 'TIER_REQUIRED'],
        [{ pointsPrice: 501 }, 'INSUFFICIENT_POINTS'],
        [{ active: false }, 'CONFLICT'],
        [{ validFrom: new Date(Date.now() + 86_400_000).toISOString() }, 'CONFLICT'],
      ];
      for (const [input, expected] of cases) {
        const reward = await createReward(input);
        const before = await state(memberId, reward.id);
        const response = await redeem(reward.id, memberId);
        expect({ input, code: codeOf(response) }).toEqual({ input, code: expected });
        expect(await state(memberId, reward.id)).toEqual(before);
      }
      await expectLedgerConsistent(env, memberId);
    });

    it('refuses over the per-member and the global limit with LIMIT_REACHED', async () => {
      const memberId = await memberWithPoints(1000);
      const perMember = await createReward({ perMemberLimit: 1 });
      await redeemOk(perMember.id, memberId);
      let before = await state(memberId, perMember.id);
      let response = await redeem(perMember.id, memberId);
      expect(codeOf(response)).toBe('LIMIT_REACHED');
      expect(response.errors![0].extensions).toMatchObject({ limit: 'PER_MEMBER', value: 1 });
      expect(await state(memberId, perMember.id)).toEqual(before);

      const global = await createReward({ globalLimit: 1 });
      await redeemOk(global.id, await memberWithPoints(100));
      before = await state(memberId, global.id);
      response = await redeem(global.id, memberId);
      expect(codeOf(response)).toBe('LIMIT_REACHED');
      expect(await state(memberId, global.id)).toEqual(before);
    });

    it('lets a Gold member redeem a Gold-exclusive reward', async () => {
      const memberId = await memberWithPoints(500);
      const reward = await createReward({ minimumTierCode: 'GOLD' });
      expect(codeOf(await redeem(reward.id, memberId))).toBe('TIER_REQUIRED');
      const assigned = await env.gql(
        `mutation ($memberId: ID!) { assignTier(memberId: $memberId, tierCode: "GOLD", reason: "test") { __typename } }`,
        { memberId },
        staff,
      );
      expect(assigned.errors).toBeUndefined();
      expect((await redeemOk(reward.id, memberId)).status).toBe('REDEEMED');
    });

    it('lets members redeem for themselves only', async () => {
      const memberId = await memberWithPoints(500);
      const other = await memberWithPoints(500);
      const reward = await createReward();
      const response = await redeem(reward.id, other, undefined, await env.memberToken(memberId));
      expect(codeOf(response)).toBe('FORBIDDEN');
      expect((await state(other, reward.id)).balance).toBe(500);
      expect(codeOf(await redeem('999999', memberId))).toBe('NOT_FOUND');
      expect(codeOf(await redeem('abc', memberId))).toBe('BAD_USER_INPUT');
    });
  });

  describe('cancelling and fulfilment', () => {
    it('gives back the points and the unit, withdraws the coupon, and refuses a second cancellation', async () => {
      const memberId = await memberWithPoints(1000);
      const reward = await createReward({ pointsPrice: 400, stock: 3 });
      const token = await env.memberToken(memberId);
      const redemption = await redeemOk(reward.id, memberId, undefined, token);
      const cancelled = await env.gql<{ cancelRedemption: RedemptionView }>(
        CANCEL,
        { id: redemption.id },
        token,
      );
      expect(cancelled.data?.cancelRedemption).toMatchObject({
        status: 'CANCELLED',
        reward: { stock: 3, redeemedCount: 0 },
        coupon: { status: 'CANCELLED' },
      });
      const after = await state(memberId, reward.id);
      expect(after.balance).toBe(1000);
      const events = await env.app.db.manager.findBy(ActivityEvent, { memberId: Number(memberId) });
      expect(events.some((e) => e.type === 'reward.redemption-cancelled')).toBe(true);

      const again = await env.gql(CANCEL, { id: redemption.id }, token);
      expect(codeOf(again)).toBe('CONFLICT');
      expect(await state(memberId, reward.id)).toEqual(after);
      await expectLedgerConsistent(env, memberId);
    });

    it('refuses a member cancelling after the coupon was used, and another member cancelling at all', async () => {
      const memberId = await memberWithPoints(1000);
      const reward = await createReward();
      const redemption = await redeemOk(reward.id, memberId);
      const stranger = await env.memberToken(await memberWithPoints(0));
      expect(codeOf(await env.gql(CANCEL, { id: redemption.id }, stranger))).toBe('FORBIDDEN');

      await env.gql(USE_COUPON, { code: redemption.coupon!.code }, staff);
      const before = await state(memberId, reward.id);
      const response = await env.gql(CANCEL, { id: redemption.id }, await env.memberToken(memberId));
      expect(codeOf(response)).toBe('CONFLICT');
      expect(response.errors![0].extensions).toMatchObject({ couponStatus: 'USED' });
      expect(await state(memberId, reward.id)).toEqual(before);
    });

    it('ships a gift forward only, and lets staff (not the member) take back a shipped one', async () => {
      const memberId = await memberWithPoints(1000);
      const gift = await createReward({
        type: 'GIFT',
        discountKind: null,
        discountValue: null,
        couponValidityDays: null,
        stock: 2,
        pointsPrice: 600,
      });
      const redemption = await redeemOk(gift.id, memberId);
      expect(redemption).toMatchObject({ fulfilmentStatus: 'PENDING', coupon: null });

      const token = await env.memberToken(memberId);
      expect(codeOf(await env.gql(FULFIL, { id: redemption.id, status: 'SHIPPED' }, token))).toBe(
        'FORBIDDEN',
      );
      const shipped = await env.gql<{ updateRedemptionFulfilment: RedemptionView }>(
        FULFIL,
        { id: redemption.id, status: 'SHIPPED' },
        staff,
      );
      expect(shipped.data?.updateRedemptionFulfilment.fulfilmentStatus).toBe('SHIPPED');
      const backwards = await env.gql(FULFIL, { id: redemption.id, status: 'PENDING' }, staff);
      expect(codeOf(backwards)).toBe('CONFLICT');

      const before = await state(memberId, gift.id);
      expect(codeOf(await env.gql(CANCEL, { id: redemption.id }, token))).toBe('CONFLICT');
      expect(await state(memberId, gift.id)).toEqual(before);

      const byStaff = await env.gql<{ cancelRedemption: RedemptionView }>(
        CANCEL,
        { id: redemption.id },
        staff,
      );
      expect(byStaff.data?.cancelRedemption).toMatchObject({ status: 'CANCELLED', reward: { stock: 2 } });
      expect((await state(memberId, gift.id)).balance).toBe(1000);
      const couponReward = await createReward();
      const notGift = await redeemOk(couponReward.id, memberId);
      expect(codeOf(await env.gql(FULFIL, { id: notGift.id, status: 'SHIPPED' }, staff))).toBe('CONFLICT');
    });
  });

  describe('coupons', () => {
    it('uses an issued coupon once; a used, unknown or expired one is refused', async () => {
      const memberId = await memberWithPoints(1000);
      const reward = await createReward();
      const { coupon } = await redeemOk(reward.id, memberId);
      const typed = `${coupon!.code.slice(0, 8).toLowerCase()}-${coupon!.code.slice(8)}`;
      const used = await env.gql<{
        redeemCoupon: { status: string; usedAt: string; member: { id: string } };
      }>(USE_COUPON, { code: typed }, staff);
      expect(used.data?.redeemCoupon).toMatchObject({ status: 'USED', member: { id: memberId } });

      const before = await state(memberId, reward.id);
      const again = await env.gql(USE_COUPON, { code: coupon!.code }, staff);
      expect(codeOf(again)).toBe('CONFLICT');
      expect(again.errors![0].extensions).toMatchObject({ status: 'USED' });
      expect(await state(memberId, reward.id)).toEqual(before);

      expect(codeOf(await env.gql(USE_COUPON, { code: 'NOPE-NOPE-NOPE-NOPE' }, staff))).toBe('NOT_FOUND');
      expect(codeOf(await env.gql(USE_COUPON, { code: coupon!.code }, await env.memberToken(memberId)))).toBe(
        'FORBIDDEN',
      );

      const second = await redeemOk(reward.id, memberId);
      await env.app.db.manager.update(
        Coupon,
        { id: Number(second.coupon!.id) },
        { validUntil: new Date(Date.now() - 1000) },
      );
      const expired = await env.gql(USE_COUPON, { code: second.coupon!.code }, staff);
      expect(expired.errors![0].extensions).toMatchObject({ code: 'CONFLICT', status: 'EXPIRED' });
      const job = env.app.core.jobs.find((j) => j.name === 'rewards-expire-coupons')!;
      expect((await job.run(new Date())).couponsExpired).toBeGreaterThanOrEqual(1);
      expect(
        (await env.app.db.manager.findOneByOrFail(Coupon, { id: Number(second.coupon!.id) })).status,
      ).toBe('EXPIRED');
    });
  });

  describe('member fields', () => {
    it("shows a member's coupons, redemptions and affordable rewards, tier-exclusive first", async () => {
      const memberId = await memberWithPoints(5000);
      await env.gql(
        `mutation ($memberId: ID!) { assignTier(memberId: $memberId, tierCode: "GOLD", reason: "test") { __typename } }`,
        { memberId },
        staff,
      );
      const first = await createReward({ pointsPrice: 10 });
      const second = await createReward({ pointsPrice: 20 });
      const exclusive = await createReward({ pointsPrice: 4000, minimumTierCode: 'GOLD' });
      const r1 = await redeemOk(first.id, memberId);
      const r2 = await redeemOk(second.id, memberId);
      await env.gql(USE_COUPON, { code: r1.coupon!.code }, staff);

      const QUERY = `query ($id: ID!, $after: String) { member(id: $id) {
        coupons(first: 1, after: $after) { edges { node { code status reward { code } } } pageInfo { hasNextPage endCursor } }
        used: coupons(status: USED) { edges { node { code } } }
        redemptions(first: 10) { edges { node { id reward { code } } } }
        affordableRewards(first: 50) { id code minimumTierCode }
      } }`;
      const response = await env.gql<{
        member: {
          coupons: {
            edges: { node: { code: string } }[];
            pageInfo: { hasNextPage: boolean; endCursor: string };
          };
          used: { edges: { node: { code: string } }[] };
          redemptions: { edges: { node: { id: string } }[] };
          affordableRewards: { id: string; minimumTierCode: string | null }[];
        };
      }>(QUERY, { id: memberId }, await env.memberToken(memberId));
      const member = response.data!.member;
      expect(member.coupons.edges.map((e) => e.node.code)).toEqual([r2.coupon!.code]);
      expect(member.coupons.pageInfo.hasNextPage).toBe(true);
      expect(member.used.edges.map((e) => e.node.code)).toEqual([r1.coupon!.code]);
      expect(member.redemptions.edges.map((e) => e.node.id)).toEqual([r2.id, r1.id]);
      expect(member.affordableRewards[0].minimumTierCode).not.toBeNull();
      expect(member.affordableRewards.map((r) => r.id)).toEqual(
        expect.arrayContaining([exclusive.id, first.id]),
      );

      const next = await env.gql<{ member: { coupons: { edges: { node: { code: string } }[] } } }>(
        QUERY,
        { id: memberId, after: member.coupons.pageInfo.endCursor },
        staff,
      );
      expect(next.data!.member.coupons.edges.map((e) => e.node.code)).toEqual([r1.coupon!.code]);
    });

    it('exports the rewards section and moves coupons and redemptions on merge', async () => {
      const survivor = await memberWithPoints(0);
      const duplicate = await memberWithPoints(500);
      const reward = await createReward();
      const redemption = await redeemOk(reward.id, duplicate);
      const exported = await env.gql<{
        exportMemberData: { data: { rewards: { coupons: unknown[]; redemptions: unknown[] } } };
      }>(`mutation ($id: ID!) { exportMemberData(id: $id) { data } }`, { id: duplicate }, staff);
      expect(exported.data?.exportMemberData.data.rewards.coupons).toHaveLength(1);
      expect(exported.data?.exportMemberData.data.rewards.redemptions).toHaveLength(1);

      const merged = await env.gql(
        `mutation ($s: ID!, $m: ID!) { mergeMembers(survivorId: $s, mergedId: $m) { alreadyMerged } }`,
        { s: survivor, m: duplicate },
        staff,
      );
      expect(merged.errors).toBeUndefined();
      const row = await env.app.db.manager.findOneByOrFail(RewardRedemption, { id: Number(redemption.id) });
      expect(row.memberId).toBe(Number(survivor));
      expect(await env.app.db.manager.countBy(Coupon, { memberId: Number(survivor) })).toBe(1);
    });
  });

  describe('benefit jobs', () => {
    async function addBehaviourRule(behaviour: string, points: number) {
      const response = await env.gql(
        `mutation ($input: CreateEarningRuleInput!) { createEarningRule(input: $input) { id } }`,
        { input: { name: `${behaviour} bonus`, kind: 'BEHAVIOUR', parameters: { behaviour, points } } },
        admin,
      );
      if (response.errors) throw new Error(JSON.stringify(response.errors));
    }

    it('grants the birthday points and gift coupons once per year, however often the job runs', async () => {
      await addBehaviourRule('BIRTHDAY', 50);
      const gift = await createReward({ birthdayGift: true, pointsPrice: 999 });
      const goldGift = await createReward({ birthdayGift: true, minimumTierCode: 'GOLD' });
      const now = new Date();
      const birthday = `1990-${String(now.getUTCMonth() + 1).padStart(2, '0')}-${String(now.getUTCDate()).padStart(2, '0')}`;
      const memberId = await memberWithPoints(0, { birthday });
      const notToday = await memberWithPoints(0, {
        birthday: birthday.endsWith('-01') ? '1990-01-02' : '1990-01-01',
      });
      const job = env.app.core.jobs.find((j) => j.name === 'rewards-birthday-benefits')!;

      const first = await job.run(now);
      expect(first.membersGranted).toBeGreaterThanOrEqual(1);
      const coupons = await env.app.db.manager.findBy(Coupon, { memberId: Number(memberId) });
      expect(coupons.map((c) => [c.rewardId, c.source])).toEqual([[Number(gift.id), 'BIRTHDAY']]);
      expect(coupons.some((c) => c.rewardId === Number(goldGift.id))).toBe(false);
      expect((await state(memberId, gift.id)).balance).toBe(50);
      expect((await state(notToday, gift.id)).coupons).toHaveLength(0);
      expect((await state(memberId, gift.id)).redeemedCount).toBe(0);

      const before = await state(memberId, gift.id);
      const second = await job.run(now);
      expect(second.membersGranted).toBe(0);
      expect(await state(memberId, gift.id)).toEqual(before);
    });

    it('grants member-day coupons on the member day only, once per month', async () => {
      const benefit = await createReward({ memberDayBenefit: true });
      const memberId = await memberWithPoints(0);
      const job = env.app.core.jobs.find((j) => j.name === 'rewards-member-day-benefits')!;
      const memberDay = new Date(Date.UTC(2031, 4, 8, 9));

      expect((await job.run(new Date(Date.UTC(2031, 4, 9, 9)))).membersGranted).toBe(0);
      expect((await job.run(memberDay)).membersGranted).toBeGreaterThanOrEqual(1);
      const coupons = await env.app.db.manager.findBy(Coupon, { memberId: Number(memberId) });
      expect(coupons.map((c) => [c.rewardId, c.source])).toEqual([[Number(benefit.id), 'MEMBER_DAY']]);

      expect((await job.run(new Date(memberDay.getTime() + 3_600_000))).membersGranted).toBe(0);
      expect(await env.app.db.manager.countBy(Coupon, { memberId: Number(memberId) })).toBe(1);
      const nextMonth = await job.run(new Date(Date.UTC(2031, 5, 8, 9)));
      expect(nextMonth.membersGranted).toBeGreaterThanOrEqual(1);
      expect(await env.app.db.manager.countBy(Coupon, { memberId: Number(memberId) })).toBe(2);
    });
  });

  describe('statements', () => {
    it('lists members with coupons, redemptions, affordable rewards and referral codes in constant statements', async () => {
      for (let i = 0; i < 40; i++) {
        const memberId = await memberWithPoints(i < 12 ? 2000 : 0);
        if (i < 12) await redeemOk((await createReward({ pointsPrice: 50 + i })).id, memberId);
      }
      await createReward({ pointsPrice: 30, minimumTierCode: 'GOLD' });
      const LIST = `query ($first: Int!) { members(first: $first) { edges { node { id
        coupons(first: 3) { edges { node { code status reward { code } } } }
        redemptions(first: 3) { edges { node { status reward { code } coupon { code } } } }
        affordableRewards(first: 5) { code }
        referralCode
      } } } }`;
      // The first look creates the referral codes (one batched insert); measure the steady state after it.
      const warm = await env.gql(LIST, { first: 60 }, staff);
      expect(warm.errors).toBeUndefined();
      const small = await env.countStatements(() => env.gql(LIST, { first: 3 }, staff));
      const large = await env.countStatements(() => env.gql(LIST, { first: 60 }, staff));

      const edges = (
        large.result.data as { members: { edges: { node: { coupons: { edges: unknown[] } } }[] } }
      ).members.edges;
      expect(edges.length).toBeGreaterThan(30);
      expect(edges.filter((e) => e.node.coupons.edges.length > 0).length).toBeGreaterThanOrEqual(12);
      // One statement per relation: members, referral codes, coupons, redemptions, balances, tier ladder
      // and member tiers, offered rewards, the ladder again for their tier codes, coupons of redemptions and
      // rewards by id. The rewards of coupons and of redemptions share a batch when their pages arrive in
      // the same tick (always on SQLite; on MariaDB they may take two): at most 12, for 3 members or 60.
      expect(small.statements).toBeLessThanOrEqual(12);
      expect(large.statements).toBeLessThanOrEqual(12);
    });
  });

  describe('referrals', () => {
    const APPLY = `mutation ($memberId: ID!, $code: String!) { applyReferralCode(memberId: $memberId, code: $code) {
      id code status refereeId referrerId rewardedAt } }`;

    it("rewards both sides once on the referee's first order", async () => {
      for (const [behaviour, points] of [
        ['REFERRAL_REFEREE', 100],
        ['REFERRAL_REFERRER', 200],
      ] as const) {
        const response = await env.gql(
          `mutation ($input: CreateEarningRuleInput!) { createEarningRule(input: $input) { id } }`,
          { input: { name: `${behaviour} bonus`, kind: 'BEHAVIOUR', parameters: { behaviour, points } } },
          admin,
        );
        expect(response.errors).toBeUndefined();
      }
      const referrer = await memberWithPoints(0);
      const referee = await memberWithPoints(0);
      const referrerToken = await env.memberToken(referrer);
      const refereeToken = await env.memberToken(referee);
      const CODE = `query ($id: ID!) { member(id: $id) { referralCode } }`;
      const code = (
        await env.gql<{ member: { referralCode: string } }>(CODE, { id: referrer }, referrerToken)
      ).data!.member.referralCode;
      expect(code).toMatch(/^[A-Z2-9]{8}$/);
      const again = await env.gql<{ member: { referralCode: string } }>(CODE, { id: referrer }, staff);
      expect(again.data!.member.referralCode).toBe(code);

      const own = await env.gql(APPLY, { memberId: referrer, code }, referrerToken);
      expect(codeOf(own)).toBe('BAD_USER_INPUT');
      expect(codeOf(await env.gql(APPLY, { memberId: referee, code: 'ZZZZZZZZ' }, refereeToken))).toBe(
        'NOT_FOUND',
      );
      expect(codeOf(await env.gql(APPLY, { memberId: referee, code }, referrerToken))).toBe('FORBIDDEN');

      const applied = await env.gql<{ applyReferralCode: { status: string; referrerId: string } }>(
        APPLY,
        { memberId: referee, code: code.toLowerCase() },
        refereeToken,
      );
      expect(applied.data?.applyReferralCode).toMatchObject({ status: 'PENDING', referrerId: referrer });
      expect(codeOf(await env.gql(APPLY, { memberId: referee, code }, refereeToken))).toBe('CONFLICT');

      const ctx = { principal: SYSTEM_PRINCIPAL, requestId: 'test' };
      const order = {
        memberId: Number(referee),
        orderId: 4242,
        channel: 'online-store',
        storeId: null,
        at: new Date(),
      };
      const { referrals } = env.app.core.services.rewards;
      await env.app.db.transaction((manager) => referrals.onFirstOrder(ctx, manager, order));
      await env.app.db.transaction((manager) => referrals.onFirstOrder(ctx, manager, order));

      const ledger = env.app.core.services.ledger;
      expect((await ledger.balanceOf(env.app.db.manager, Number(referee))).available).toBe(100);
      expect((await ledger.balanceOf(env.app.db.manager, Number(referrer))).available).toBe(200);
      const events = await env.app.db.manager.findBy(ActivityEvent, { type: 'referral.rewarded' });
      expect(events.filter((e) => e.memberId === Number(referee))).toHaveLength(1);
    });
  });
});
