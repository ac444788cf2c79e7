import { clock } from '../../src/common/clock';
import { IdempotencyKey } from '../../src/modules/idempotency';
import { Order } from '../../src/modules/orders';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';
import { registerMember } from '../harness/members.fixtures';
import { balanceOf, expectLedgerConsistent, givePoints } from '../harness/points.fixtures';
import {
  createEarningRule,
  orderInput,
  recordOrder,
  refundOrder,
  upsertProducts,
} from '../harness/orders.fixtures';

const LEDGER = `query ($id: ID!) { member(id: $id) { pointsLedger(first: 20) { edges { node {
  type points orderId source { kind channel reference } explanation { summary rules { ruleId name version kind points } steps inputs } } } } } }`;

describe('orders from every channel earn and give back points', () => {
  let env: TestEnvironment;
  let staff: string;
  let baseRuleId: string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    staff = await env.staffToken();
    await upsertProducts(env, [
      { sku: 'BEANS-1KG', category: 'coffee' },
      { sku: 'MUG', category: 'homeware' },
      { sku: 'TOTE', category: 'eco/reusables', sustainable: true },
    ]);
    baseRuleId = await createEarningRule(env, {
      name: 'Base rate',
      kind: 'BASE_RATE',
      parameters: { pointsPerUnit: 1, unitAmountMinor: 100 },
    });
    await createEarningRule(env, {
      name: 'Coffee double',
      kind: 'CATEGORY_MULTIPLIER',
      priority: 10,
      parameters: { multiplier: 2, categories: ['coffee'] },
    });
  });
  afterAll(() => env.stop());

  it('records an order found by channel identity and explains the points it earned', async () => {
    const member = await registerMember(env, {
      channelIdentities: [{ channel: 'pos', externalId: 'CARD-1' }],
    });
    const input = orderInput(
      null,
      [
        ['BEANS-1KG', 2, 1250],
        ['MUG', 1, 999],
      ],
      { channel: 'pos', storeId: 'berlin-1', channelIdentity: { channel: 'pos', externalId: 'CARD-1' } },
    );
    const response = await recordOrder(env, input);
    expect(response.errors).toBeUndefined();
    // Coffee: 25.00 → 25 × 2 = 50; mug: 9.99 → 9.99; 59.99 → floor → 59.
    expect(response.data!.recordOrder).toMatchObject({
      channel: 'pos',
      status: 'COMPLETED',
      merchandiseMinor: 3499,
      pointsEarned: 59,
      lines: [
        { lineNo: 1, sku: 'BEANS-1KG', category: 'coffee', quantity: 2, totalMinor: 2500 },
        { lineNo: 2, sku: 'MUG', category: 'homeware', quantity: 1, totalMinor: 999 },
      ],
    });
    expect((await balanceOf(env, member.id)).available).toBe(59);

    const ledger = await env.gql<any>(LEDGER, { id: member.id }, staff);
    const earn = ledger.data.member.pointsLedger.edges[0].node;
    expect(earn).toMatchObject({
      type: 'EARN',
      points: 59,
      orderId: response.data!.recordOrder.id,
      source: { kind: 'ORDER', channel: 'pos', reference: `order:${response.data!.recordOrder.id}` },
    });
    expect(earn.explanation.rules.map((r: any) => [r.name, r.version])).toEqual(
      expect.arrayContaining([
        ['Base rate', 1],
        ['Coffee double', 1],
      ]),
    );
    expect(earn.explanation.rules.find((r: any) => r.name === 'Base rate').ruleId).toBe(baseRuleId);
    expect(earn.explanation.steps.length).toBeGreaterThan(0);
    await expectLedgerConsistent(env, member.id);
  });

  it('earns once when the same order is delivered three times, and refuses the same id with other content', async () => {
    const member = await registerMember(env);
    const input = orderInput(member.id, [['MUG', 3, 1000]]);
    const results = [
      await recordOrder(env, input),
      await recordOrder(env, input),
      await recordOrder(env, input),
    ];
    expect(new Set(results.map((r) => r.data!.recordOrder.id)).size).toBe(1);
    expect((await balanceOf(env, member.id)).available).toBe(30);

    const changed = await recordOrder(env, {
      ...input,
      lines: [{ sku: 'MUG', quantity: 4, unitPriceMinor: 1000 }],
      totalMinor: 4000,
    });
    expect(changed.errors?.[0].extensions?.code).toBe('IDEMPOTENCY_MISMATCH');
    expect((await balanceOf(env, member.id)).available).toBe(30);
  });

  it('earns once when eight deliveries of the same order arrive at the same moment', async () => {
    const member = await registerMember(env);
    const input = orderInput(member.id, [['MUG', 2, 1000]]);
    const results = await Promise.all(Array.from({ length: 8 }, () => recordOrder(env, input)));
    expect(results.map((r) => r.errors)).toEqual(Array(8).fill(undefined));
    expect(new Set(results.map((r) => r.data!.recordOrder.id)).size).toBe(1);
    expect((await balanceOf(env, member.id)).available).toBe(20);
    await expectLedgerConsistent(env, member.id);
  });

  it('answers a retry of an order recorded before orders kept their request hash from its idempotency key', async () => {
    const member = await registerMember(env);
    const input = orderInput(member.id, [['MUG', 1, 1000]]);
    const first = await recordOrder(env, input);
    const orderId = Number(first.data!.recordOrder.id);
    // What an order recorded by the earlier release looks like: no hash on the row, the answer in a key.
    const manager = env.app.db.manager;
    const { requestHash } = (await manager.findOneByOrFail(Order, { id: orderId })) as Order;
    await manager.update(Order, { id: orderId }, { requestHash: '' });
    await manager.insert(IdempotencyKey, {
      scope: 'orders.record',
      key: `${input.channel as string}:${input.externalOrderId as string}`,
      requestHash,
      resultJson: JSON.stringify({ orderId }),
      createdAt: clock.now(),
    });

    const replay = await recordOrder(env, input);
    expect(replay.errors).toBeUndefined();
    expect(replay.data!.recordOrder.id).toBe(first.data!.recordOrder.id);
    const changed = await recordOrder(env, {
      ...input,
      lines: [{ sku: 'MUG', quantity: 2, unitPriceMinor: 1000 }],
      totalMinor: 2000,
    });
    expect(changed.errors?.[0].extensions?.code).toBe('IDEMPOTENCY_MISMATCH');
    expect((await balanceOf(env, member.id)).available).toBe(10);
  });

  it('refuses bad orders with a clear error and records nothing', async () => {
    const member = await registerMember(env);
    const count = async () =>
      (
        await env.gql<any>(
          `query ($id: ID!) { member(id: $id) { orders(first: 50) { edges { node { id } } } } }`,
          { id: member.id },
          staff,
        )
      ).data.member.orders.edges.length;

    const unknownSku = await recordOrder(
      env,
      orderInput(member.id, [
        ['MUG', 1, 500],
        ['NOPE', 1, 500],
      ]),
    );
    expect(unknownSku.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'lines[1].sku' }],
    });

    const zeroQuantity = await recordOrder(env, orderInput(member.id, [['MUG', 0, 500]]));
    expect(zeroQuantity.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    const negativePrice = await recordOrder(env, orderInput(member.id, [['MUG', 1, -5]]));
    expect(negativePrice.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    const wrongTotal = await recordOrder(env, orderInput(member.id, [['MUG', 1, 500]], { totalMinor: 400 }));
    expect(wrongTotal.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'totalMinor' }],
    });

    const unknownMember = await recordOrder(env, orderInput('999999', [['MUG', 1, 500]]));
    expect(unknownMember.errors?.[0].extensions?.code).toBe('NOT_FOUND');

    const asMember = await env.gql<any>(
      `mutation ($input: RecordOrderInput!) { recordOrder(input: $input) { id } }`,
      { input: orderInput(member.id, [['MUG', 1, 500]]) },
      await env.memberToken(member.id),
    );
    expect(asMember.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await count()).toBe(0);
    expect((await balanceOf(env, member.id)).available).toBe(0);
  });

  it('takes back points in proportion to a partial line refund, once per refund id', async () => {
    const member = await registerMember(env);
    const order = (await recordOrder(env, orderInput(member.id, [['MUG', 4, 2500]]))).data!.recordOrder;
    expect(order.pointsEarned).toBe(100);

    const refund = { orderId: order.id, refundId: 'RF-1', lines: [{ lineNo: 1, quantity: 1 }] };
    const first = await refundOrder(env, refund);
    expect(first.data!.refundOrder).toMatchObject({
      order: {
        status: 'PARTIALLY_REFUNDED',
        refundedMinor: 2500,
        pointsReversed: 25,
        lines: [{ refundedQuantity: 1 }],
      },
      refund: { kind: 'REFUND', amountMinor: 2500, pointsReversed: 25, pointsUncollected: 0 },
    });
    const again = await refundOrder(env, refund);
    expect(again.data!.refundOrder.refund.id).toBe(first.data!.refundOrder.refund.id);
    expect((await balanceOf(env, member.id)).available).toBe(75);

    const tooMany = await refundOrder(env, {
      orderId: order.id,
      refundId: 'RF-2',
      lines: [{ lineNo: 1, quantity: 4 }],
    });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'lines[0].quantity' }],
    });
    const tooMuch = await refundOrder(env, { orderId: order.id, refundId: 'RF-3', amountMinor: 7501 });
    expect(tooMuch.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'amountMinor' }],
    });

    const rest = await refundOrder(env, { orderId: order.id, refundId: 'RF-4' });
    expect(rest.data!.refundOrder.order).toMatchObject({
      status: 'REFUNDED',
      refundedMinor: 10000,
      pointsReversed: 100,
    });
    expect((await balanceOf(env, member.id)).available).toBe(0);
    await expectLedgerConsistent(env, member.id);
  });

  it('never lets a refund take the balance below zero when the points were already spent', async () => {
    const member = await registerMember(env);
    const order = (await recordOrder(env, orderInput(member.id, [['MUG', 1, 10000]]))).data!.recordOrder;
    await env.gql(
      `mutation ($input: AdjustPointsInput!) { adjustPoints(input: $input) { points } }`,
      {
        input: {
          memberId: member.id,
          points: -80,
          reason: 'Spent on a reward',
          idempotencyKey: `spent-${member.id}`,
        },
      },
      staff,
    );
    const refund = await refundOrder(env, {
      channel: 'online-store',
      externalOrderId: order.externalId,
      refundId: 'R-ALL',
    });
    expect(refund.data!.refundOrder.refund).toMatchObject({ pointsReversed: 20, pointsUncollected: 80 });
    expect(await balanceOf(env, member.id)).toMatchObject({ available: 0, debt: 0 });
    await expectLedgerConsistent(env, member.id);
  });

  it('carries an uncollectable reversal as debt when the policy says so, paid from the next earnings', async () => {
    const admin = await env.adminToken();
    await env.gql(
      `mutation { updatePointsPolicy(input: { reversalShortfall: CARRY_AS_DEBT }) { currency } }`,
      {},
      admin,
    );
    try {
      const member = await registerMember(env);
      const order = (await recordOrder(env, orderInput(member.id, [['MUG', 1, 5000]]))).data!.recordOrder;
      await env.gql(
        `mutation ($input: AdjustPointsInput!) { adjustPoints(input: $input) { points } }`,
        {
          input: {
            memberId: member.id,
            points: -50,
            reason: 'Spent everything',
            idempotencyKey: `debt-${member.id}`,
          },
        },
        staff,
      );
      await refundOrder(env, { orderId: order.id, refundId: 'D-1' });
      expect(await balanceOf(env, member.id)).toMatchObject({ available: 0, debt: 50 });
      await recordOrder(env, orderInput(member.id, [['MUG', 1, 8000]]));
      expect(await balanceOf(env, member.id)).toMatchObject({ available: 30, debt: 0 });
      await expectLedgerConsistent(env, member.id);
    } finally {
      await env.gql(
        `mutation { updatePointsPolicy(input: { reversalShortfall: FORGIVE }) { currency } }`,
        {},
        admin,
      );
    }
  });

  it('cancels a whole order, after which it cannot be refunded again', async () => {
    const member = await registerMember(env);
    const order = (
      await recordOrder(
        env,
        orderInput(member.id, [
          ['BEANS-1KG', 1, 1500],
          ['MUG', 2, 500],
        ]),
      )
    ).data!.recordOrder;
    const cancelled = await refundOrder(env, { orderId: order.id, refundId: 'C-1', kind: 'CANCELLATION' });
    expect(cancelled.data!.refundOrder.order).toMatchObject({
      status: 'CANCELLED',
      pointsReversed: order.pointsEarned,
    });
    const again = await refundOrder(env, { orderId: order.id, refundId: 'C-2', amountMinor: 100 });
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect((await balanceOf(env, member.id)).available).toBe(0);
  });

  it('previews what a basket would earn, exactly as recording it would, without recording anything', async () => {
    const member = await registerMember(env);
    const lines = [
      { sku: 'BEANS-1KG', quantity: 1, unitPriceMinor: 1875 },
      { sku: 'TOTE', quantity: 2, unitPriceMinor: 450, discountMinor: 100 },
    ];
    const preview = await env.gql<any>(
      `query ($input: PreviewPointsInput!) { previewPoints(input: $input) { points explanation { summary rules { name } } } }`,
      { input: { channel: 'online-store', currency: 'EUR', lines } },
      await env.memberToken(member.id),
    );
    expect(preview.errors).toBeUndefined();
    expect((await balanceOf(env, member.id)).available).toBe(0);
    const recorded = await recordOrder(env, {
      ...orderInput(member.id, [['MUG', 1, 1]]),
      lines,
      totalMinor: 1875 + 800,
    });
    expect(recorded.data!.recordOrder.pointsEarned).toBe(preview.data.previewPoints.points);

    const unknown = await env.gql<any>(
      `query ($input: PreviewPointsInput!) { previewPoints(input: $input) { points } }`,
      {
        input: {
          channel: 'online-store',
          currency: 'EUR',
          lines: [{ sku: 'NOPE', quantity: 1, unitPriceMinor: 1 }],
        },
      },
      staff,
    );
    expect(unknown.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('keeps purchase points pending through the return window when the policy has one', async () => {
    const admin = await env.adminToken();
    await env.gql(`mutation { updatePointsPolicy(input: { pendingDays: 14 }) { currency } }`, {}, admin);
    try {
      const member = await registerMember(env);
      await recordOrder(env, orderInput(member.id, [['MUG', 1, 4200]]));
      expect(await balanceOf(env, member.id)).toMatchObject({ available: 0, pending: 42 });
      await expectLedgerConsistent(env, member.id);
    } finally {
      await env.gql(`mutation { updatePointsPolicy(input: { pendingDays: 0 }) { currency } }`, {}, admin);
    }
  });

  it('records a guest order without a member and earns nothing', async () => {
    const guest = await recordOrder(env, orderInput(null, [['MUG', 1, 700]]));
    expect(guest.data!.recordOrder).toMatchObject({ pointsEarned: 0, status: 'COMPLETED' });
  });

  it("gives a merged member's orders and points to the survivor", async () => {
    const survivor = await registerMember(env);
    const duplicate = await registerMember(env);
    await givePoints(env, duplicate.id, 10);
    await recordOrder(env, orderInput(duplicate.id, [['MUG', 1, 2000]]));
    await env.gql(
      `mutation ($s: ID!, $m: ID!) { mergeMembers(survivorId: $s, mergedId: $m) { alreadyMerged } }`,
      { s: survivor.id, m: duplicate.id },
      staff,
    );
    expect((await balanceOf(env, survivor.id)).available).toBe(30);
    await recordOrder(env, orderInput(duplicate.id, [['MUG', 1, 1000]]));
    expect((await balanceOf(env, survivor.id)).available).toBe(40);
    await expectLedgerConsistent(env, survivor.id);
    await expectLedgerConsistent(env, duplicate.id);
  });
});
