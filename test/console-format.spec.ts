import { gapInWords, money, tierBars, tierSentences } from '../console/src/format';
import { bucketsOf } from '../console/src/programme-operations';

/** The console's words and figures, without a browser: money, tier progress, programme buckets. */
describe('console formatting', () => {
  const gap = { met: false, spendMinor: 182_980, orders: 10, points: null };

  it('writes minor units in the programme currency and the given locale', () => {
    expect(money(182_980, 'EUR')).toMatch(/€1,829\.80|1\.829,80\s€/);
    expect(money(500, 'JPY')).toMatch(/500/);
  });

  it('says what is missing for the next tier in words instead of JSON', () => {
    expect(gapInWords(gap, 'EUR')).toMatch(/^.*1,829\.80 and 10 orders more$/);
    expect(gapInWords({ ...gap, met: true }, 'EUR')).toBe('');
    const sentences = tierSentences(
      {
        current: { name: 'Silver' },
        next: { name: 'Gold' },
        keepBy: null,
        missingForNext: gap,
        neededToKeep: { met: true, spendMinor: 0, orders: 0, points: 0 },
      },
      'EUR',
    );
    expect(sentences[0]).toMatch(/1,829\.80 and 10 orders more for Gold$/);
    expect(sentences[1]).toBe('Silver is kept');
  });

  it('draws one bar per requirement still counting, against what the tier asks', () => {
    const bars = tierBars({ spendMinor: 17_020, orders: 2, points: 0 }, gap, 'EUR');
    expect(bars.map(({ label, value, max }) => ({ label, value, max }))).toEqual([
      { label: 'Spend', value: 17_020, max: 200_000 },
      { label: 'Orders', value: 2, max: 12 },
    ]);
  });

  it('cuts a period into day or week buckets, the last one shortened to the period', () => {
    const from = new Date(2026, 2, 1);
    const to = new Date(2026, 2, 16);
    expect(bucketsOf(from, to, 'DAY')).toHaveLength(15);
    const weeks = bucketsOf(from, to, 'WEEK');
    expect(weeks).toHaveLength(3);
    expect(weeks[2]).toEqual({ from: new Date(2026, 2, 15), to });
  });
});
