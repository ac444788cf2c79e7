import { ladderProblems, toPermille, type TierDraft } from './tier-ladder.rules';

const draft = (extra: Partial<TierDraft>): TierDraft => ({
  rank: 1,
  paid: false,
  minSpendMinor: 50_000,
  minOrders: null,
  minPoints: null,
  annualFeeMinor: null,
  annualFeeCurrency: null,
  ...extra,
});

const fields = (d: TierDraft) => ladderProblems(d).map((p) => p.field);

describe('ladder rules', () => {
  it('accept an earned tier with one threshold', () => {
    expect(ladderProblems(draft({}))).toEqual([]);
  });

  it('accept an entry tier without thresholds and a paid tier with a fee and currency', () => {
    expect(ladderProblems(draft({ rank: 0, minSpendMinor: null }))).toEqual([]);
    expect(
      ladderProblems(
        draft({ rank: 9, paid: true, minSpendMinor: null, annualFeeMinor: 9900, annualFeeCurrency: 'EUR' }),
      ),
    ).toEqual([]);
  });

  it('refuse an earned tier that no threshold can reach', () => {
    expect(fields(draft({ minSpendMinor: null }))).toEqual(['minimumSpendMinor']);
  });

  it('refuse a paid entry tier and thresholds on the entry tier', () => {
    expect(fields(draft({ rank: 0, paid: true, minSpendMinor: null }))).toEqual(['paid']);
    expect(fields(draft({ rank: 0 }))).toEqual(['rank']);
  });

  it('refuse thresholds on a paid tier and a fee on an earned one', () => {
    expect(fields(draft({ paid: true }))).toEqual(['paid']);
    expect(fields(draft({ annualFeeMinor: 100, annualFeeCurrency: 'EUR' }))).toEqual(['annualFeeMinor']);
  });

  it('store multipliers exactly in thousandths', () => {
    expect([1, 1.25, 1.5, 2, 0.001, 1.005].map(toPermille)).toEqual([1000, 1250, 1500, 2000, 1, 1005]);
  });
});
