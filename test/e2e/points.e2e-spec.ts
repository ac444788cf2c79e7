import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';
import { registerMember } from '../harness/members.fixtures';
import { balanceOf, expectLedgerConsistent, givePoints } from '../harness/points.fixtures';
import { PointsSourceKind } from '../../src/modules/points/points.enums';

const ADJUST = `mutation ($input: AdjustPointsInput!) {
  adjustPoints(input: $input) { points entry { id type points availableAfter reason source { kind staffUserId } explanation { summary } } balance { available } }
}`;
const AUTHORISE = `mutation ($input: AuthorisePointsPaymentInput!) {
  authorisePointsPayment(input: $input) { points hold { id status points expiresAt } balance { available held } }
}`;
const CAPTURE = `mutation ($ref: String!) { capturePointsPayment(paymentReference: $ref) { points hold { status } balance { available held } } }`;
const RELEASE = `mutation ($ref: String!) { releasePointsPayment(paymentReference: $ref) { points hold { status } balance { available held } } }`;
const REFUND = `mutation ($input: RefundPointsPaymentInput!) { refundPointsPayment(input: $input) { points hold { refundedPoints } balance { available } } }`;
const LEDGER = `query ($id: ID!) { member(id: $id) { pointsLedger(first: 50) { edges { node { type points availableDelta heldDelta reason explanation { summary steps } } } } } }`;

describe('the points ledger through the API', () => {
  let env: TestEnvironment;
  let staff: string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    staff = await env.staffToken();
  });
  afterAll(() => env.stop());

  const job = (name: string) => env.app.core.jobs.find((j) => j.name === name)!;

  it('lets staff adjust points with a mandatory reason, recorded in the ledger and the audit log', async () => {
    const member = await registerMember(env);
    const response = await env.gql<any>(
      ADJUST,
      {
        input: {
          memberId: member.id,
          points: 250,
          reason: 'Goodwill for a late delivery',
          idempotencyKey: 'adj-1',
        },
      },
      staff,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.adjustPoints).toMatchObject({
      points: 250,
      entry: {
        type: 'ADJUST',
        points: 250,
        availableAfter: 250,
        reason: 'Goodwill for a late delivery',
        source: { kind: 'STAFF', staffUserId: 'staff-1' },
      },
      balance: { available: 250 },
    });
    const audit = await env.gql<any>(
      `query ($id: String!) { auditLog(filter: { targetType: "member", targetId: $id }) { edges { node { action } } } }`,
      { id: member.id },
      await env.adminToken(),
    );
    expect(audit.data.auditLog.edges.map((e: any) => e.node.action)).toContain('points.adjust');
    await expectLedgerConsistent(env, member.id);
  });

  it('answers a retried adjustment with the first result and refuses the same key with another input', async () => {
    const member = await registerMember(env);
    const input = {
      memberId: member.id,
      points: 100,
      reason: 'Welcome bonus',
      idempotencyKey: `retry-${member.id}`,
    };
    const first = await env.gql<any>(ADJUST, { input }, staff);
    const again = await env.gql<any>(ADJUST, { input }, staff);
    expect(again.data.adjustPoints.entry.id).toBe(first.data.adjustPoints.entry.id);
    expect((await balanceOf(env, member.id)).available).toBe(100);

    const other = await env.gql<any>(ADJUST, { input: { ...input, points: 999 } }, staff);
    expect(other.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_MISMATCH');
    expect((await balanceOf(env, member.id)).available).toBe(100);
  });

  it('never takes a balance below zero and refuses bad adjustments with field errors', async () => {
    const member = await registerMember(env);
    await givePoints(env, member.id, 40);
    const tooMuch = await env.gql<any>(
      ADJUST,
      {
        input: { memberId: member.id, points: -41, reason: 'Correction', idempotencyKey: `neg-${member.id}` },
      },
      staff,
    );
    expect(tooMuch.errors?.[0]?.extensions).toMatchObject({
      code: 'INSUFFICIENT_POINTS',
      needed: 41,
      available: 40,
    });

    const zero = await env.gql<any>(
      ADJUST,
      { input: { memberId: member.id, points: 0, reason: 'x', idempotencyKey: 'z' } },
      staff,
    );
    expect(zero.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const fields = (zero.errors![0].extensions!.fields as { field: string }[]).map((f) => f.field).sort();
    expect(fields).toEqual(['points', 'reason']);

    const asMember = await env.gql<any>(
      ADJUST,
      { input: { memberId: member.id, points: 5, reason: 'I deserve it', idempotencyKey: 'self' } },
      await env.memberToken(member.id),
    );
    expect(asMember.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await balanceOf(env, member.id)).available).toBe(40);
    await expectLedgerConsistent(env, member.id);
  });

  it('quotes, authorises and captures a points payment, and a captured hold cannot be captured or released again', async () => {
    const member = await registerMember(env);
    await givePoints(env, member.id, 5000);
    const quote = await env.gql<any>(
      `query ($input: QuotePointsPaymentInput!) { quotePointsPayment(input: $input) { points sufficient available } }`,
      { input: { memberId: member.id, amountMinor: 1250, currency: 'EUR' } },
      await env.memberToken(member.id),
    );
    expect(quote.data.quotePointsPayment).toEqual({ points: 1250, sufficient: true, available: 5000 });

    const ref = `pay-${member.id}`;
    const held = await env.gql<any>(
      AUTHORISE,
      {
        input: {
          memberId: member.id,
          amountMinor: 1250,
          currency: 'EUR',
          paymentReference: ref,
          idempotencyKey: ref,
        },
      },
      await env.memberToken(member.id),
    );
    expect(held.data.authorisePointsPayment).toMatchObject({
      points: 1250,
      hold: { status: 'HELD', points: 1250 },
      balance: { available: 3750, held: 1250 },
    });

    const captured = await env.gql<any>(CAPTURE, { ref }, staff);
    expect(captured.data.capturePointsPayment).toMatchObject({
      hold: { status: 'CAPTURED' },
      balance: { available: 3750, held: 0 },
    });
    const twice = await env.gql<any>(CAPTURE, { ref }, staff);
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', status: 'CAPTURED' });
    const release = await env.gql<any>(RELEASE, { ref }, staff);
    expect(release.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', status: 'CAPTURED' });

    const refunded = await env.gql<any>(
      REFUND,
      { input: { paymentReference: ref, amountMinor: 250, idempotencyKey: `r-${ref}` } },
      staff,
    );
    expect(refunded.data.refundPointsPayment).toMatchObject({
      points: 250,
      hold: { refundedPoints: 250 },
      balance: { available: 4000 },
    });
    const rest = await env.gql<any>(
      REFUND,
      { input: { paymentReference: ref, idempotencyKey: `r2-${ref}` } },
      staff,
    );
    expect(rest.data.refundPointsPayment).toMatchObject({ points: 1000, balance: { available: 5000 } });
    const nothingLeft = await env.gql<any>(
      REFUND,
      { input: { paymentReference: ref, idempotencyKey: `r3-${ref}` } },
      staff,
    );
    expect(nothingLeft.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await expectLedgerConsistent(env, member.id);
  });

  it('releases an authorised payment back to the member, after which it cannot be captured', async () => {
    const member = await registerMember(env);
    await givePoints(env, member.id, 800);
    const ref = `rel-${member.id}`;
    await env.gql(
      AUTHORISE,
      {
        input: {
          memberId: member.id,
          amountMinor: 500,
          currency: 'EUR',
          paymentReference: ref,
          idempotencyKey: ref,
        },
      },
      staff,
    );
    const released = await env.gql<any>(RELEASE, { ref }, await env.memberToken(member.id));
    expect(released.data.releasePointsPayment).toMatchObject({
      points: 500,
      hold: { status: 'RELEASED' },
      balance: { available: 800, held: 0 },
    });
    const capture = await env.gql<any>(CAPTURE, { ref }, staff);
    expect(capture.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', status: 'RELEASED' });
    expect(await balanceOf(env, member.id)).toMatchObject({ available: 800, held: 0 });
    await expectLedgerConsistent(env, member.id);
  });

  it('refuses a payment the member cannot afford, in another currency, or for another member', async () => {
    const member = await registerMember(env);
    const other = await registerMember(env);
    await givePoints(env, member.id, 100);
    const base = {
      memberId: member.id,
      amountMinor: 101,
      currency: 'EUR',
      paymentReference: `poor-${member.id}`,
      idempotencyKey: `poor-${member.id}`,
    };
    const poor = await env.gql<any>(AUTHORISE, { input: base }, staff);
    expect(poor.errors?.[0]?.extensions?.code).toBe('INSUFFICIENT_POINTS');
    const dollars = await env.gql<any>(
      AUTHORISE,
      { input: { ...base, amountMinor: 50, currency: 'USD', idempotencyKey: 'usd' } },
      staff,
    );
    expect(dollars.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const foreign = await env.gql<any>(
      AUTHORISE,
      { input: { ...base, amountMinor: 50, idempotencyKey: 'f' } },
      await env.memberToken(other.id),
    );
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await balanceOf(env, member.id)).toMatchObject({ available: 100, held: 0 });
  });

  it('releases a hold nobody captured once its time is up, and then refuses to capture it', async () => {
    const member = await registerMember(env);
    await givePoints(env, member.id, 300);
    const ref = `ttl-${member.id}`;
    await env.gql(
      AUTHORISE,
      {
        input: {
          memberId: member.id,
          amountMinor: 300,
          currency: 'EUR',
          paymentReference: ref,
          ttlSeconds: 60,
          idempotencyKey: ref,
        },
      },
      staff,
    );
    expect(await job('points-release-expired-holds').run(new Date(Date.now() + 30_000))).toEqual({
      holdsReleased: 0,
    });
    const report = await job('points-release-expired-holds').run(new Date(Date.now() + 61_000));
    expect(report.holdsReleased).toBeGreaterThanOrEqual(1);
    expect(await balanceOf(env, member.id)).toMatchObject({ available: 300, held: 0 });
    const capture = await env.gql<any>(CAPTURE, { ref }, staff);
    expect(capture.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', status: 'EXPIRED' });
    await expectLedgerConsistent(env, member.id);
  });

  it('spends the oldest lots first and expires what is left of a lot when its date passes, once', async () => {
    const member = await registerMember(env);
    const memberId = Number(member.id);
    const ledger = env.app.core.services.ledger;
    const now = Date.now();
    await env.app.db.transaction(async (m) => {
      await ledger.earn(m, {
        memberId,
        points: 100,
        source: { kind: PointsSourceKind.BEHAVIOUR },
        reason: 'old',
        expiresAt: new Date(now + 5_000),
        at: new Date(now - 86_400_000),
      });
      await ledger.earn(m, {
        memberId,
        points: 200,
        source: { kind: PointsSourceKind.BEHAVIOUR },
        reason: 'new',
        expiresAt: new Date(now + 90 * 86_400_000),
      });
      await ledger.spend(m, {
        memberId,
        points: 60,
        source: { kind: PointsSourceKind.REWARD },
        reason: 'coffee',
      });
    });
    const lots = await env.gql<any>(
      `query ($id: ID!) { member(id: $id) { pointsLots(first: 10) { edges { node { points remaining status } } } } }`,
      { id: member.id },
      staff,
    );
    expect(lots.data.member.pointsLots.edges.map((e: any) => e.node)).toEqual([
      { points: 100, remaining: 40, status: 'ACTIVE' },
      { points: 200, remaining: 200, status: 'ACTIVE' },
    ]);

    const later = new Date(now + 10_000);
    const first = await job('points-expire-lots').run(later);
    expect(first.pointsExpired).toBeGreaterThanOrEqual(40);
    const second = await job('points-expire-lots').run(later);
    expect(second.pointsExpired).toBe(0);
    expect((await balanceOf(env, member.id)).available).toBe(200);
    const entries = await env.gql<any>(LEDGER, { id: member.id }, staff);
    const expire = entries.data.member.pointsLedger.edges.find((e: any) => e.node.type === 'EXPIRE').node;
    expect(expire).toMatchObject({ points: -40, availableDelta: -40 });
    expect(expire.explanation.summary).toBe('40 points from 1 lot(s) expired');
    await expectLedgerConsistent(env, member.id);
  });

  it('keeps pending points unusable until their return window closes, then unlocks them', async () => {
    const member = await registerMember(env);
    const memberId = Number(member.id);
    const ledger = env.app.core.services.ledger;
    const until = new Date(Date.now() + 14 * 86_400_000);
    await env.app.db.transaction((m) =>
      ledger.earn(m, {
        memberId,
        points: 70,
        source: { kind: PointsSourceKind.ORDER },
        reason: 'order',
        pendingUntil: until,
      }),
    );
    expect(await balanceOf(env, member.id)).toMatchObject({ available: 0, pending: 70 });
    const refused = await env.gql<any>(
      ADJUST,
      {
        input: {
          memberId: member.id,
          points: -10,
          reason: 'Spend pending',
          idempotencyKey: `p-${member.id}`,
        },
      },
      staff,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('INSUFFICIENT_POINTS');
    await job('points-unlock-pending').run(new Date(until.getTime() + 1));
    expect(await balanceOf(env, member.id)).toMatchObject({ available: 70, pending: 0 });
    await expectLedgerConsistent(env, member.id);
  });

  it('warns once about points expiring soon with an activity event', async () => {
    const member = await registerMember(env);
    const memberId = Number(member.id);
    await env.app.db.transaction((m) =>
      env.app.core.services.ledger.earn(m, {
        memberId,
        points: 15,
        source: { kind: PointsSourceKind.BEHAVIOUR },
        reason: 'soon',
        expiresAt: new Date(Date.now() + 3 * 86_400_000),
      }),
    );
    await job('points-warn-expiring').run(new Date());
    await job('points-warn-expiring').run(new Date());
    const rows = await env.app.db.dataSource.query(
      "SELECT payloadJson FROM activity_event WHERE memberId = ? AND type = 'points.expiring-soon'",
      [memberId],
    );
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0].payloadJson)).toMatchObject({ points: 15 });
  });

  it("shows members their own balance and ledger, and nobody else's", async () => {
    const member = await registerMember(env);
    const other = await registerMember(env);
    await givePoints(env, member.id, 12);
    const own = await env.gql<any>(
      `{ me { points { available } pointsLedger(first: 5) { edges { node { points } } } } }`,
      {},
      await env.memberToken(member.id),
    );
    expect(own.data.me.points.available).toBe(12);
    expect(own.data.me.pointsLedger.edges).toHaveLength(1);
    const foreign = await env.gql<any>(
      `query ($id: ID!) { member(id: $id) { points { available } } }`,
      { id: member.id },
      await env.memberToken(other.id),
    );
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lets admins change the points policy and refuses an inconsistent one', async () => {
    const admin = await env.adminToken();
    const changed = await env.gql<any>(
      `mutation { updatePointsPolicy(input: { expiryMode: END_OF_YEAR, spendOrder: SOONEST_EXPIRING }) { expiryMode spendOrder pointsPerCurrencyUnit } }`,
      {},
      admin,
    );
    expect(changed.data.updatePointsPolicy).toEqual({
      expiryMode: 'END_OF_YEAR',
      spendOrder: 'SOONEST_EXPIRING',
      pointsPerCurrencyUnit: 100,
    });
    const bad = await env.gql<any>(
      `mutation { updatePointsPolicy(input: { pointsPerCurrencyUnit: 0 }) { currency } }`,
      {},
      admin,
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const staffTry = await env.gql<any>(
      `mutation { updatePointsPolicy(input: { pendingDays: 3 }) { currency } }`,
      {},
      staff,
    );
    expect(staffTry.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await env.gql(
      `mutation { updatePointsPolicy(input: { expiryMode: AFTER_DAYS, spendOrder: OLDEST_FIRST }) { currency } }`,
      {},
      admin,
    );
  });
});
