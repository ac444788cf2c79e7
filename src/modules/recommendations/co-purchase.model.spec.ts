import { applyPurchases, topNeighbours, type OwnedProducts } from './co-purchase.model';

const at = new Date('2026-01-01T00:00:00Z');

describe('the co-purchase model', () => {
  it('counts each pair of products once per member who bought both, whatever the number of orders', () => {
    const known: OwnedProducts = new Map();
    const delta = applyPurchases(known, [
      { memberId: 1, productId: 10, at },
      { memberId: 1, productId: 11, at },
      { memberId: 1, productId: 10, at },
      { memberId: 2, productId: 11, at },
      { memberId: 2, productId: 10, at },
    ]);
    expect(delta.pairIncrements).toEqual(
      new Map([
        ['11:10', 2],
        ['10:11', 2],
      ]),
    );
    expect(delta.buyerIncrements).toEqual(
      new Map([
        [10, 2],
        [11, 2],
      ]),
    );
    expect(delta.firstPurchases).toHaveLength(4);
    expect(delta.repeats).toHaveLength(1);
  });

  it('continues from what members already had, so batches chain without recounting', () => {
    const known: OwnedProducts = new Map([
      [
        1,
        new Map([
          [10, at],
          [11, at],
        ]),
      ],
    ]);
    const delta = applyPurchases(known, [{ memberId: 1, productId: 12, at }]);
    expect([...delta.pairIncrements.keys()].sort()).toEqual(['10:12', '11:12', '12:10', '12:11']);
    expect([...known.get(1)!.keys()]).toEqual([10, 11, 12]);
  });

  it('counts "bought next" one way, for a first purchase in a later order within the window', () => {
    const day = (n: number) => new Date(Date.UTC(2026, 0, n));
    const known: OwnedProducts = new Map();
    const delta = applyPurchases(known, [
      { memberId: 1, productId: 1, at: day(1) }, // the phone
      { memberId: 1, productId: 2, at: day(10) }, // its case, nine days later
      { memberId: 1, productId: 1, at: day(20) }, // a re-buy: no pair, a 19-day interval
    ]);
    expect([...delta.followIncrements]).toEqual([['1:2', 1]]);
    expect(delta.repeats.map((r) => r.daysSinceLast)).toEqual([19]);
  });

  it('ranks neighbours by cosine similarity and drops pairs seen by a single member', () => {
    const buyers = new Map([
      [1, 4],
      [2, 4],
      [3, 1],
      [4, 16],
    ]);
    const neighbours = topNeighbours(
      1,
      [
        { otherProductId: 2, members: 2 }, // 2 / sqrt(4 × 4) = 0.5
        { otherProductId: 4, members: 3 }, // 3 / sqrt(4 × 16) = 0.375
        { otherProductId: 3, members: 1 }, // one member: noise
      ],
      (id) => buyers.get(id) ?? 0,
    );
    expect(neighbours).toEqual([
      { neighbourId: 2, coBuyers: 2, score: 0.5 },
      { neighbourId: 4, coBuyers: 3, score: 0.375 },
    ]);
  });
});
