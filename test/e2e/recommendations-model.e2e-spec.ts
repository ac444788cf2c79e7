import { Order } from '../../src/modules/orders/order.entity';
import { ORDER_SETTLE_MS } from '../../src/modules/recommendations';
import {
  MemberProduct,
  ProductNeighbour,
  ProductStats,
} from '../../src/modules/recommendations/recommendation-model.entities';
import { registerMember } from '../harness/members.fixtures';
import { orderInput, recordOrder, upsertProducts } from '../harness/orders.fixtures';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

const PRODUCTS = `query ($memberId: ID, $first: Int, $excludePurchased: Boolean) {
  productRecommendations(memberId: $memberId, first: $first, excludePurchased: $excludePurchased) {
    product { id sku } reason { kind } } }`;
const DISMISS = `mutation ($input: DismissRecommendationInput!) { dismissRecommendation(input: $input) { alreadyDismissed } }`;

describe('the recommendations model job and its edges', () => {
  let env: TestEnvironment;
  let staff: string;
  const job = () => env.app.core.jobs.find((candidate) => candidate.name === 'recommendations-recompute')!;
  const settled = () => new Date(Date.now() + ORDER_SETTLE_MS);

  async function buy(memberId: string, skus: string[]): Promise<void> {
    const response = await recordOrder(
      env,
      orderInput(
        memberId,
        skus.map((sku) => [sku, 1, 500]),
      ),
    );
    if (response.errors) throw new Error(JSON.stringify(response.errors));
  }

  async function productId(sku: string): Promise<number> {
    const response = await env.gql<any>(
      `query ($sku: String!) { product(sku: $sku) { id } }`,
      { sku },
      staff,
    );
    return Number(response.data.product.id);
  }

  beforeAll(async () => {
    env = await createTestEnvironment();
    staff = await env.staffToken();
    await upsertProducts(env, [
      { sku: 'KETTLE', category: 'kitchen' },
      { sku: 'MUG', category: 'kitchen' },
      { sku: 'GRINDER', category: 'kitchen' },
      { sku: 'SCALE', category: 'kitchen' },
    ]);
  }, 120_000);
  afterAll(() => env.stop());

  it('leaves an order recorded just now for a later run, and counts it once it has settled', async () => {
    await buy((await registerMember(env)).id, ['KETTLE', 'MUG']);
    expect(await job().run(new Date())).toMatchObject({ ordersCounted: 0 });
    expect(await job().run(settled())).toMatchObject({ ordersCounted: 1, productsRefreshed: 2 });
    expect(await job().run(settled())).toMatchObject({ ordersCounted: 0, productsRefreshed: 0 });
  });

  it('stops the watermark before the first unsettled order, even when newer ones look settled', async () => {
    await buy((await registerMember(env)).id, ['GRINDER']);
    await buy((await registerMember(env)).id, ['SCALE']);
    // The first order's transaction "ran long": it got its id first but its createdAt is the newest.
    // At 1.5 delays from now the second order has settled, the first not: neither is counted yet.
    const [young] = await env.app.db.manager.find(Order, { order: { id: 'DESC' }, take: 2, skip: 1 });
    await env.app.db.manager.update(Order, { id: young.id }, { createdAt: settled() });
    expect(await job().run(new Date(Date.now() + 1.5 * ORDER_SETTLE_MS))).toMatchObject({
      ordersCounted: 0,
    });
    expect(await job().run(new Date(Date.now() + 3 * ORDER_SETTLE_MS))).toMatchObject({
      ordersCounted: 2,
    });
  });

  it('finishes the neighbour refresh of a run that stopped after counting', async () => {
    // Two co-buyers: the least a pair needs to become a neighbour.
    await buy((await registerMember(env)).id, ['GRINDER', 'SCALE']);
    await buy((await registerMember(env)).id, ['GRINDER', 'SCALE']);
    const [grinder, scale] = [await productId('GRINDER'), await productId('SCALE')];
    // The first half of a run, as if the process died before refreshing the neighbour lists.
    expect(await env.app.core.services.recommendationModel.countNewOrders(settled())).toMatchObject({
      orders: 2,
    });
    const neighbours = () => env.app.db.manager.find(ProductNeighbour, { where: { productId: grinder } });
    expect(await neighbours()).toEqual([]);
    expect(await job().run(settled())).toEqual({
      ordersCounted: 0,
      newMemberProducts: 0,
      productsRefreshed: 2,
    });
    expect((await neighbours()).map((row) => row.neighbourId)).toEqual([scale]);
  });

  it('leaves out every product the member bought when asked, not only their most bought', async () => {
    const skus = Array.from({ length: 201 }, (_, i) => `HIST-${String(i).padStart(3, '0')}`);
    await upsertProducts(
      env,
      skus.map((sku) => ({ sku, category: 'pantry' })),
    );
    const member = (await registerMember(env)).id;
    const ids = await Promise.all(skus.map(productId));
    const rare = ids[200];
    // Derived rows written directly (building them from 201 orders is slow): 200 products bought
    // twice fill the history; the one bought once is the catalogue's bestseller.
    const at = new Date('2026-01-01T00:00:00Z');
    await env.app.db.manager.insert(
      MemberProduct,
      ids.map((id) => ({
        memberId: Number(member),
        productId: id,
        purchases: id === rare ? 1 : 2,
        firstPurchasedAt: at,
        lastPurchasedAt: at,
      })),
    );
    await env.app.db.manager.insert(ProductStats, {
      productId: rare,
      buyers: 1000,
      updatedAt: at,
      refreshDue: false,
    });
    const response = await env.gql<any>(
      PRODUCTS,
      { memberId: member, first: 50, excludePurchased: true },
      staff,
    );
    expect(response.errors).toBeUndefined();
    const recommended = response.data.productRecommendations.map((r: any) => Number(r.product.id));
    expect(recommended).not.toContain(rare);
    expect(recommended.filter((id: number) => ids.includes(id))).toEqual([]);
  }, 120_000);

  it('answers NOT_FOUND for dismissing a reward that does not exist, and BAD_USER_INPUT past the id range', async () => {
    const member = (await registerMember(env)).id;
    const unknown = await env.gql(
      DISMISS,
      { input: { memberId: member, itemType: 'REWARD', itemId: '99999' } },
      staff,
    );
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const tooLarge = await env.gql(
      DISMISS,
      { input: { memberId: member, itemType: 'REWARD', itemId: '3000000000' } },
      staff,
    );
    expect(tooLarge.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
