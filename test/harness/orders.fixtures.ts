import type { TestEnvironment } from './test-environment';
import { clock } from '../../src/common/clock';

export const ORDER_FIELDS = `id channel externalId status merchandiseMinor totalMinor refundedMinor pointsEarned pointsReversed
  lines { lineNo sku category quantity totalMinor refundedQuantity }`;

/** Puts products into the catalog through the admin mutation. */
export async function upsertProducts(
  env: TestEnvironment,
  products: { sku: string; category: string; priceMinor?: number; sustainable?: boolean }[],
): Promise<void> {
  const admin = await env.adminToken();
  for (const product of products) {
    const response = await env.gql(
      `mutation ($input: UpsertProductInput!) { upsertProduct(input: $input) { id } }`,
      {
        input: {
          title: product.sku,
          priceMinor: 1000,
          currency: 'EUR',
          sustainable: false,
          ...product,
        },
      },
      admin,
    );
    if (response.errors) throw new Error(`upsertProduct failed: ${JSON.stringify(response.errors)}`);
  }
}

/** Creates an earning rule through the admin mutation and returns its id. */
export async function createEarningRule(
  env: TestEnvironment,
  input: Record<string, unknown>,
): Promise<string> {
  const response = await env.gql<{ createEarningRule: { id: string } }>(
    `mutation ($input: CreateEarningRuleInput!) { createEarningRule(input: $input) { id } }`,
    { input },
    await env.adminToken(),
  );
  if (!response.data?.createEarningRule)
    throw new Error(`createEarningRule failed: ${JSON.stringify(response.errors)}`);
  return response.data.createEarningRule.id;
}

let sequence = 0;

/** An order input whose total adds up; `lines` are [sku, quantity, unitPriceMinor]. */
export function orderInput(
  memberId: string | null,
  lines: [string, number, number][],
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  sequence += 1;
  const total = lines.reduce((sum, [, quantity, price]) => sum + quantity * price, 0);
  return {
    channel: 'online-store',
    externalOrderId: `T-${process.pid}-${sequence}`,
    ...(memberId ? { memberId } : {}),
    currency: 'EUR',
    purchasedAt: new Date(clock.now().getTime() - 60_000).toISOString(),
    lines: lines.map(([sku, quantity, unitPriceMinor]) => ({ sku, quantity, unitPriceMinor })),
    totalMinor: total,
    ...overrides,
  };
}

export async function recordOrder(env: TestEnvironment, input: Record<string, unknown>) {
  return env.gql<{ recordOrder: any }>(
    `mutation ($input: RecordOrderInput!) { recordOrder(input: $input) { ${ORDER_FIELDS} } }`,
    { input },
    await env.staffToken(),
  );
}

export async function refundOrder(env: TestEnvironment, input: Record<string, unknown>) {
  return env.gql<{ refundOrder: any }>(
    `mutation ($input: RefundOrderInput!) { refundOrder(input: $input) {
      order { ${ORDER_FIELDS} } refund { id kind amountMinor pointsReversed pointsUncollected } } }`,
    { input },
    await env.staffToken(),
  );
}
