import { SYSTEM_PRINCIPAL } from '../../src/auth/principal';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';
import { orderInput, upsertProducts } from '../harness/orders.fixtures';

/**
 * Dates no client means: an unset year-1 value, one before any programme, a "forever" sentinel.
 * (Years past 9999 never get this far: the DateTimeISO scalar refuses them.)
 */
const OUT_OF_RANGE = [
  '0001-01-01T00:00:00Z',
  '1999-12-31T23:59:59Z',
  '9999-12-31T23:59:59Z',
  '2100-01-01T00:00:00.001Z',
];
const IN_RANGE = '2026-03-01T12:00:00Z';

let sequence = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${++sequence}`;

/**
 * Every date-time input is refused outside 2000-01-01 .. 2100-01-01 with BAD_USER_INPUT naming the
 * field (src/common/date-range.ts), on both engines, instead of being stored wrongly or crashing.
 */
describe('date inputs outside the range a programme can use', () => {
  let env: TestEnvironment;
  let staff: string;
  let admin: string;
  let ruleId: string;
  let rewardId: string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    staff = await env.staffToken();
    admin = await env.adminToken();
    await upsertProducts(env, [{ sku: 'DATE-1', category: 'misc' }]);
    const rule = await env.gql<{ createEarningRule: { id: string } }>(
      CREATE_RULE,
      { input: ruleInput({}) },
      admin,
    );
    ruleId = rule.data!.createEarningRule.id;
    const reward = await env.gql<{ createReward: { id: string } }>(
      CREATE_REWARD,
      { input: rewardInput({}) },
      admin,
    );
    rewardId = reward.data!.createReward.id;
  });
  afterAll(() => env.stop());

  const CREATE_RULE = `mutation ($input: CreateEarningRuleInput!) { createEarningRule(input: $input) { id } }`;
  const UPDATE_RULE = `mutation ($id: ID!, $input: UpdateEarningRuleInput!) { updateEarningRule(id: $id, input: $input) { id } }`;
  const CREATE_REWARD = `mutation ($input: CreateRewardInput!) { createReward(input: $input) { id } }`;
  const UPDATE_REWARD = `mutation ($id: ID!, $input: UpdateRewardInput!) { updateReward(id: $id, input: $input) { id } }`;

  const ruleInput = (dates: Record<string, string>) => ({
    name: unique('Dated rule'),
    kind: 'ORDER_FIXED',
    parameters: { points: 1 },
    ...dates,
  });
  const rewardInput = (dates: Record<string, string>) => ({
    code: unique('DATED'),
    name: 'Dated reward',
    type: 'COUPON',
    pointsPrice: 100,
    discountKind: 'PERCENT',
    discountValue: 10,
    couponValidityDays: 30,
    ...dates,
  });
  const basket = (dates: Record<string, string>) => {
    const { channel, currency, lines } = orderInput(null, [['DATE-1', 1, 1000]]);
    return { channel, currency, lines, ...dates };
  };

  /** Each date input: how to send a value for it (the other end of its window cleared), and who may. */
  const cases: Record<string, (date: string) => [string, Record<string, unknown>, () => string]> = {
    'recordOrder purchasedAt': (date) => [
      `mutation ($input: RecordOrderInput!) { recordOrder(input: $input) { id } }`,
      { input: orderInput(null, [['DATE-1', 1, 1000]], { purchasedAt: date }) },
      () => staff,
    ],
    'previewPoints purchasedAt': (date) => [
      `query ($input: PreviewPointsInput!) { previewPoints(input: $input) { points } }`,
      { input: basket({ purchasedAt: date }) },
      () => staff,
    ],
    'createEarningRule startsAt': (date) => [
      CREATE_RULE,
      { input: ruleInput({ startsAt: date }) },
      () => admin,
    ],
    'createEarningRule endsAt': (date) => [CREATE_RULE, { input: ruleInput({ endsAt: date }) }, () => admin],
    'updateEarningRule startsAt': (date) => [
      UPDATE_RULE,
      { id: ruleId, input: { startsAt: date, endsAt: null } },
      () => admin,
    ],
    'updateEarningRule endsAt': (date) => [
      UPDATE_RULE,
      { id: ruleId, input: { startsAt: null, endsAt: date } },
      () => admin,
    ],
    'createReward validFrom': (date) => [
      CREATE_REWARD,
      { input: rewardInput({ validFrom: date }) },
      () => admin,
    ],
    'createReward validUntil': (date) => [
      CREATE_REWARD,
      { input: rewardInput({ validUntil: date }) },
      () => admin,
    ],
    'updateReward validFrom': (date) => [
      UPDATE_REWARD,
      { id: rewardId, input: { validFrom: date, validUntil: null } },
      () => admin,
    ],
    'updateReward validUntil': (date) => [
      UPDATE_REWARD,
      { id: rewardId, input: { validFrom: null, validUntil: date } },
      () => admin,
    ],
    'programKpis from': (date) => [
      `query ($input: ProgramKpisInput!) { programKpis(input: $input) { orders } }`,
      { input: { from: date, to: '2100-01-01T00:00:00Z' } },
      () => staff,
    ],
    'programKpis to': (date) => [
      `query ($input: ProgramKpisInput!) { programKpis(input: $input) { orders } }`,
      { input: { from: '2000-01-01T00:00:00Z', to: date } },
      () => staff,
    ],
    'feedbackSummary from': (date) => [
      `query ($input: FeedbackSummaryInput!) { feedbackSummary(input: $input) { responses } }`,
      { input: { from: date, to: '2100-01-01T00:00:00Z' } },
      () => staff,
    ],
    'feedbackSummary to': (date) => [
      `query ($input: FeedbackSummaryInput!) { feedbackSummary(input: $input) { responses } }`,
      { input: { from: '2000-01-01T00:00:00Z', to: date } },
      () => staff,
    ],
  };

  it.each(Object.keys(cases))('refuses %s outside the range, naming the field', async (name) => {
    const field = name.split(' ')[1];
    for (const date of OUT_OF_RANGE) {
      const [query, variables, token] = cases[name](date);
      const response = await env.gql(query, variables, token());
      expect({ date, code: response.errors?.[0]?.extensions?.code }).toEqual({
        date,
        code: 'BAD_USER_INPUT',
      });
      expect(response.errors![0].extensions!.fields).toEqual([expect.objectContaining({ field })]);
    }
  });

  // Seeds and plugin code call the service with no GraphQL input in between: the rule lives there too.
  it('refuses an order dated outside the range recorded straight through the orders service', async () => {
    const ctx = { principal: SYSTEM_PRINCIPAL, requestId: 'date-range' };
    for (const date of OUT_OF_RANGE) {
      const input = {
        ...orderInput(null, [['DATE-1', 1, 1000]]),
        lines: [{ sku: 'DATE-1', quantity: 1, unitPriceMinor: 1000, discountMinor: 0 }],
        shippingMinor: 0,
        taxMinor: 0,
        purchasedAt: new Date(date),
      } as unknown as Parameters<typeof env.app.core.services.orders.record>[1];

      await expect(env.app.core.services.orders.record(ctx, input, null)).rejects.toMatchObject({
        extensions: {
          code: 'BAD_USER_INPUT',
          fields: [
            { field: 'purchasedAt', messages: [expect.stringMatching(/from 2000-01-01 to 2100-01-01/)] },
          ],
        },
      });
    }
  });

  it.each(Object.keys(cases))('accepts %s inside the range', async (name) => {
    const [query, variables, token] = cases[name](
      name.startsWith('recordOrder') ? new Date(Date.now() - 60_000).toISOString() : IN_RANGE,
    );
    const response = await env.gql(query, variables, token());
    expect(response.errors).toBeUndefined();
  });
});
