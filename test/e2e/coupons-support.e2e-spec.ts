import { ActivityEvent } from '../../src/modules/activity/activity-event.entity';
import { AuditEntry } from '../../src/modules/audit';
import { Coupon, CouponStatus } from '../../src/modules/rewards';
import { registerMember } from '../harness/members.fixtures';
import { givePoints } from '../harness/points.fixtures';
import {
  createTestEnvironment,
  type GraphQLResponse,
  type TestEnvironment,
} from '../harness/test-environment';

const COUPON_FIELDS = `id code status source validUntil usedAt reward { id } member { id } redemption { id }`;
const VOID = `mutation ($id: ID!, $reason: String!, $key: String!) {
  voidCoupon(id: $id, reason: $reason, idempotencyKey: $key) { ${COUPON_FIELDS} } }`;
const REISSUE = `mutation ($id: ID!, $reason: String!, $key: String!) {
  reissueCoupon(id: $id, reason: $reason, idempotencyKey: $key) { ${COUPON_FIELDS} } }`;
const USE = `mutation ($code: String!) { redeemCoupon(code: $code) { id status } }`;

interface CouponView {
  id: string;
  code: string;
  status: string;
  source: string;
  validUntil: string | null;
  usedAt: string | null;
  reward: { id: string };
  member: { id: string };
  redemption: { id: string } | null;
}

const NOW = new Date('2026-03-10T10:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
let sequence = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${++sequence}`.toUpperCase();
const codeOf = (response: GraphQLResponse<unknown>) => response.errors?.[0]?.extensions?.code;

describe('coupons: support voids and re-issues them', () => {
  let env: TestEnvironment;
  let staff: string;
  let rewardId: string;

  beforeAll(async () => {
    env = await createTestEnvironment({ now: NOW });
    staff = await env.staffToken();
    const created = await env.gql<{ createReward: { id: string } }>(
      `mutation ($code: String!) { createReward(input: { code: $code, name: "10% off", type: COUPON, pointsPrice: 100,
        discountKind: PERCENT, discountValue: 10, couponValidityDays: 30 }) { id } }`,
      { code: unique('SUPPORT-COUPON') },
      await env.adminToken(),
    );
    if (created.errors) throw new Error(JSON.stringify(created.errors));
    rewardId = created.data!.createReward.id;
  });
  afterAll(() => env.stop());

  /** A member with a coupon of the reward, issued by a redemption. */
  async function couponOfNewMember(): Promise<{ memberId: string; coupon: CouponView }> {
    const memberId = (await registerMember(env)).id;
    await givePoints(env, memberId, 1_000);
    const redeemed = await env.gql<{ redeemReward: { coupon: CouponView } }>(
      `mutation ($r: ID!, $m: ID!, $k: String!) { redeemReward(rewardId: $r, memberId: $m, idempotencyKey: $k) {
        coupon { ${COUPON_FIELDS} } } }`,
      { r: rewardId, m: memberId, k: unique('redeem') },
      staff,
    );
    if (redeemed.errors) throw new Error(JSON.stringify(redeemed.errors));
    return { memberId, coupon: redeemed.data!.redeemReward.coupon };
  }

  const call = <T>(query: string, id: string, key: string, token = staff, reason = 'Member lost the code') =>
    env.gql<T>(query, { id, reason, key }, token);

  const auditOf = (action: string, couponId: string) =>
    env.app.db.manager.find(AuditEntry, { where: { action, targetType: 'coupon', targetId: couponId } });

  const eventsOf = (type: string, memberId: string) =>
    env.app.db.manager.find(ActivityEvent, { where: { type, memberId: Number(memberId) } });

  it('voids an issued coupon once per key, audited with the reason, with a coupon.voided event', async () => {
    const { memberId, coupon } = await couponOfNewMember();
    const key = unique('void');
    const first = await call<{ voidCoupon: CouponView }>(VOID, coupon.id, key);
    expect(first.errors).toBeUndefined();
    expect(first.data!.voidCoupon).toMatchObject({ id: coupon.id, status: 'VOID', code: coupon.code });

    const retry = await call<{ voidCoupon: CouponView }>(VOID, coupon.id, key);
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.voidCoupon.status).toBe('VOID');

    const audit = await auditOf('coupon.void', coupon.id);
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].beforeJson!)).toEqual({ status: 'ISSUED' });
    expect(JSON.parse(audit[0].afterJson!)).toMatchObject({ status: 'VOID', reason: 'Member lost the code' });
    expect(audit[0].afterJson).not.toContain(coupon.code);
    const events = await eventsOf('coupon.voided', memberId);
    expect(events).toHaveLength(1);

    const use = await env.gql(USE, { code: coupon.code }, staff);
    expect(codeOf(use)).toBe('CONFLICT');
    expect(use.errors![0].message).toBe('This coupon is void');

    const again = await call(VOID, coupon.id, unique('void'));
    expect(codeOf(again)).toBe('CONFLICT');
    expect(again.errors![0].message).toBe(`Coupon ${coupon.id} is void: it cannot be voided`);
    expect(again.errors![0].extensions!.status).toBe('VOID');
  });

  it('refuses to void a used or an expired coupon, naming its status, and changes nothing', async () => {
    const used = (await couponOfNewMember()).coupon;
    expect((await env.gql(USE, { code: used.code }, staff)).errors).toBeUndefined();
    const refusedUsed = await call(VOID, used.id, unique('void'));
    expect(codeOf(refusedUsed)).toBe('CONFLICT');
    expect(refusedUsed.errors![0].extensions!.status).toBe('USED');
    expect(refusedUsed.errors![0].message).toBe(`Coupon ${used.id} is used: it cannot be voided`);

    const expired = (await couponOfNewMember()).coupon;
    await env.app.db.manager.update(
      Coupon,
      { id: Number(expired.id) },
      { validUntil: new Date(env.clock.now().getTime() - DAY) },
    );
    const refusedExpired = await call(VOID, expired.id, unique('void'));
    expect(codeOf(refusedExpired)).toBe('CONFLICT');
    expect(refusedExpired.errors![0].extensions!.status).toBe('EXPIRED');
    expect(await auditOf('coupon.void', used.id)).toHaveLength(0);
    expect(await auditOf('coupon.void', expired.id)).toHaveLength(0);
    const row = await env.app.db.manager.findOneByOrFail(Coupon, { id: Number(expired.id) });
    expect(row.status).toBe(CouponStatus.ISSUED);
  });

  it('re-issues an unexpired coupon as a new code with the same reward, member, redemption and end', async () => {
    const { memberId, coupon } = await couponOfNewMember();
    const key = unique('reissue');
    const first = await call<{ reissueCoupon: CouponView }>(REISSUE, coupon.id, key);
    expect(first.errors).toBeUndefined();
    const issued = first.data!.reissueCoupon;
    expect(issued.id).not.toBe(coupon.id);
    expect(issued.code).not.toBe(coupon.code);
    expect(issued).toMatchObject({
      status: 'ISSUED',
      source: coupon.source,
      validUntil: coupon.validUntil,
      reward: { id: rewardId },
      member: { id: memberId },
      redemption: coupon.redemption,
    });

    const retry = await call<{ reissueCoupon: CouponView }>(REISSUE, coupon.id, key);
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.reissueCoupon.id).toBe(issued.id);
    expect(await env.app.db.manager.countBy(Coupon, { memberId: Number(memberId) })).toBe(2);

    const old = await env.app.db.manager.findOneByOrFail(Coupon, { id: Number(coupon.id) });
    expect(old.status).toBe(CouponStatus.VOID);
    const audit = await auditOf('coupon.reissue', coupon.id);
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].afterJson!)).toMatchObject({
      status: 'VOID',
      reason: 'Member lost the code',
      reissuedAs: { couponId: issued.id, status: 'ISSUED' },
    });
    expect(audit[0].afterJson).not.toContain(issued.code);
    expect(await eventsOf('coupon.voided', memberId)).toHaveLength(1);
    expect(await eventsOf('coupon.reissued', memberId)).toHaveLength(1);

    // Both ends of the re-issue, in the API (the old coupon lost its redemption link to the new one).
    const linked = await env.gql<{ member: { coupons: { edges: { node: any }[] } } }>(
      `query ($id: ID!) { member(id: $id) { coupons(first: 10) { edges { node {
        id status replaces { id } replacedBy { id status } } } } } }`,
      { id: memberId },
      staff,
    );
    expect(linked.errors).toBeUndefined();
    const byId = new Map(linked.data!.member.coupons.edges.map(({ node }) => [node.id, node]));
    expect(byId.get(coupon.id)).toMatchObject({
      status: 'VOID',
      replaces: null,
      replacedBy: { id: issued.id, status: 'ISSUED' },
    });
    expect(byId.get(issued.id)).toMatchObject({ replaces: { id: coupon.id }, replacedBy: null });

    // The old code is dead, the new one works.
    expect(codeOf(await env.gql(USE, { code: coupon.code }, staff))).toBe('CONFLICT');
    expect((await env.gql(USE, { code: issued.code }, staff)).errors).toBeUndefined();
    const again = await call(REISSUE, coupon.id, unique('reissue'));
    expect(codeOf(again)).toBe('CONFLICT');
    expect(again.errors![0].extensions!.status).toBe('VOID');
  });

  it('re-issues an expired coupon with a fresh end from the reward', async () => {
    const { coupon } = await couponOfNewMember();
    await env.app.db.manager.update(
      Coupon,
      { id: Number(coupon.id) },
      { status: CouponStatus.EXPIRED, validUntil: new Date(env.clock.now().getTime() - DAY) },
    );
    const response = await call<{ reissueCoupon: CouponView }>(REISSUE, coupon.id, unique('reissue'));
    expect(response.errors).toBeUndefined();
    const end = new Date(response.data!.reissueCoupon.validUntil!).getTime();
    // 30 days from the server's now (which runs from NOW at real speed during the test).
    expect(end).toBeGreaterThanOrEqual(NOW.getTime() + 30 * DAY);
    expect(end).toBeLessThanOrEqual(env.clock.now().getTime() + 30 * DAY);
  });

  it('refuses to re-issue a used coupon', async () => {
    const { coupon } = await couponOfNewMember();
    expect((await env.gql(USE, { code: coupon.code }, staff)).errors).toBeUndefined();
    const response = await call(REISSUE, coupon.id, unique('reissue'));
    expect(codeOf(response)).toBe('CONFLICT');
    expect(response.errors![0].message).toBe(`Coupon ${coupon.id} is used: it cannot be re-issued`);
    expect(await auditOf('coupon.reissue', coupon.id)).toHaveLength(0);
  });

  it('is for staff and admins: a member (even the holder) is FORBIDDEN', async () => {
    const { memberId, coupon } = await couponOfNewMember();
    const member = await env.memberToken(memberId);
    expect(codeOf(await call(VOID, coupon.id, unique('void'), member))).toBe('FORBIDDEN');
    expect(codeOf(await call(REISSUE, coupon.id, unique('reissue'), member))).toBe('FORBIDDEN');
    const admin = await call<{ voidCoupon: CouponView }>(
      VOID,
      coupon.id,
      unique('void'),
      await env.adminToken(),
    );
    expect(admin.data!.voidCoupon.status).toBe('VOID');
  });

  it('wants a reason and a known coupon; a key reused for another coupon is IDEMPOTENCY_MISMATCH', async () => {
    const { coupon } = await couponOfNewMember();
    expect(codeOf(await call(VOID, coupon.id, unique('void'), staff, '  '))).toBe('BAD_USER_INPUT');
    expect(codeOf(await call(VOID, '999999999', unique('void')))).toBe('NOT_FOUND');
    const key = unique('void');
    expect((await call(VOID, coupon.id, key)).errors).toBeUndefined();
    const other = (await couponOfNewMember()).coupon;
    expect(codeOf(await call(VOID, other.id, key))).toBe('IDEMPOTENCY_MISMATCH');
  });
});
