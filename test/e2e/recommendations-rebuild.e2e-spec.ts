import { ORDER_SETTLE_MS } from '../../src/modules/recommendations';
import {
  MemberProduct,
  ProductNeighbour,
  ProductPair,
  ProductStats,
} from '../../src/modules/recommendations/recommendation-model.entities';
import { registerMember } from '../harness/members.fixtures';
import { orderInput, recordOrder, refundOrder, upsertProducts } from '../harness/orders.fixtures';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

/**
 * The incremental count only adds: a refund or a cancellation that arrives after its order was counted
 * stays in the model until the nightly full rebuild recounts every order from scratch.
 */
describe('the recommendations full rebuild', () => {
  let env: TestEnvironment;
  let staff: string;
  const NOW = new Date('2026-03-02T10:00:00.000Z');
  const jobNamed = (name: string) => env.app.core.jobs.find((candidate) => candidate.name === name)!;
  const recompute = () => jobNamed('recommendations-recompute').run(settled());
  const rebuild = () => jobNamed('recommendations-rebuild').run(settled());
  const settled = () => new Date(env.clock.now().getTime() + 2 * ORDER_SETTLE_MS);
  const ids: Record<string, number> = {};

  async function buy(memberId: string, skus: string[]): Promise<string> {
    const response = await recordOrder(
      env,
      orderInput(
        memberId,
        skus.map((sku) => [sku, 1, 500]),
      ),
    );
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return response.data!.recordOrder.id;
  }

  async function refund(orderId: string, input: Record<string, unknown>): Promise<void> {
    const response = await refundOrder(env, { orderId, refundId: `R-${orderId}`, ...input });
    if (response.errors) throw new Error(JSON.stringify(response.errors));
  }

  /** The model's counts by SKU: co-buyers of KETTLE and MUG, buyers of each, products per member. */
  async function counts(memberIds: string[]) {
    const manager = env.app.db.manager;
    const pair = await manager.findOne(ProductPair, {
      where: { productId: ids.KETTLE, otherProductId: ids.MUG },
    });
    const stats = await manager.find(ProductStats);
    const buyers = (id: number) => stats.find((row) => row.productId === id)?.buyers ?? 0;
    const owned = await Promise.all(
      memberIds.map(async (memberId) =>
        (await manager.find(MemberProduct, { where: { memberId: Number(memberId) } }))
          .map((row) => row.productId)
          .sort((a, b) => a - b),
      ),
    );
    const neighbours = await manager.find(ProductNeighbour, { where: { productId: ids.KETTLE } });
    return {
      coBuyers: pair?.members ?? 0,
      kettleBuyers: buyers(ids.KETTLE),
      mugBuyers: buyers(ids.MUG),
      owned,
      kettleNeighbours: neighbours.map((row) => row.neighbourId),
    };
  }

  beforeAll(async () => {
    env = await createTestEnvironment({ now: NOW });
    staff = await env.staffToken();
    await upsertProducts(env, [
      { sku: 'KETTLE', category: 'kitchen' },
      { sku: 'MUG', category: 'kitchen' },
    ]);
    for (const sku of ['KETTLE', 'MUG']) {
      const response = await env.gql<any>(
        `query ($sku: String!) { product(sku: $sku) { id } }`,
        { sku },
        staff,
      );
      ids[sku] = Number(response.data.product.id);
    }
  }, 120_000);
  afterAll(() => env.stop());

  it('subtracts a refund and a cancellation that arrived after their orders were counted', async () => {
    const [ann, bob, cem, dee] = await Promise.all([1, 2, 3, 4].map(() => registerMember(env)));
    const members = [ann.id, bob.id, cem.id, dee.id];
    await buy(ann.id, ['KETTLE', 'MUG']);
    const bobs = await buy(bob.id, ['KETTLE', 'MUG']);
    const cems = await buy(cem.id, ['KETTLE', 'MUG']);
    const dees = await buy(dee.id, ['KETTLE']);
    expect(await recompute()).toMatchObject({ ordersCounted: 4 });
    const both = [ids.KETTLE, ids.MUG].sort((a, b) => a - b);
    expect(await counts(members)).toEqual({
      coBuyers: 3,
      kettleBuyers: 4,
      mugBuyers: 3,
      owned: [both, both, both, [ids.KETTLE]],
      kettleNeighbours: [ids.MUG],
    });

    // After counting: Bob returns the mug (line 2), Dee's order is cancelled.
    await refund(bobs, { lines: [{ lineNo: 2, quantity: 1 }] });
    await refund(dees, { kind: 'CANCELLATION' });
    // The incremental run has nothing new to count and subtracts nothing.
    expect(await recompute()).toMatchObject({ ordersCounted: 0 });
    expect((await counts(members)).coBuyers).toBe(3);

    expect(await rebuild()).toEqual({ memberProducts: 5, productsRefreshed: 2 });
    expect(await counts(members)).toEqual({
      coBuyers: 2,
      kettleBuyers: 3,
      mugBuyers: 2,
      owned: [both, [ids.KETTLE], both, []],
      kettleNeighbours: [ids.MUG],
    });

    // Cem returns the mug too: one co-buyer is too few for a neighbour, and the rebuild drops it.
    await refund(cems, { lines: [{ lineNo: 2, quantity: 1 }] });
    expect(await rebuild()).toEqual({ memberProducts: 4, productsRefreshed: 2 });
    expect(await counts(members)).toMatchObject({ coBuyers: 1, mugBuyers: 1, kettleNeighbours: [] });

    // The watermark is where the rebuild found it: the incremental count goes on from there (Dee,
    // whose cancelled order no longer counts, is a new buyer of both).
    await buy(dee.id, ['KETTLE', 'MUG']);
    expect(await recompute()).toMatchObject({ ordersCounted: 1 });
    expect(await counts(members)).toMatchObject({ coBuyers: 2, kettleBuyers: 4, mugBuyers: 2 });
  });

  it('leaves out an erased member, whose purchases were forgotten at erasure', async () => {
    const [eve, fay] = await Promise.all([1, 2].map(() => registerMember(env)));
    await buy(eve.id, ['KETTLE', 'MUG']);
    await buy(fay.id, ['KETTLE', 'MUG']);
    await recompute();
    const before = await counts([eve.id, fay.id]);
    const erased = await env.gql(
      `mutation ($id: ID!) { eraseMember(id: $id) { id } }`,
      { id: eve.id },
      await env.adminToken(),
    );
    expect(erased.errors).toBeUndefined();
    expect((await counts([eve.id])).owned).toEqual([[]]);
    await rebuild();
    const after = await counts([eve.id, fay.id]);
    expect(after.owned).toEqual([[], before.owned[1]]);
    expect(after.coBuyers).toBe(before.coBuyers - 1);
    expect(after.kettleBuyers).toBe(before.kettleBuyers - 1);
  });
});
