import { RfmSegment } from './insight.enums';
import { quintileScorer, rfmSegment } from './rfm.rules';

describe('RFM scores and segments', () => {
  it('scores five distinct values 1 to 5 and ten values two per quintile', () => {
    const five = quintileScorer([50, 10, 40, 20, 30]);
    expect([10, 20, 30, 40, 50].map(five)).toEqual([1, 2, 3, 4, 5]);
    const ten = quintileScorer([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(ten)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  it('gives tied values the lower score', () => {
    // Orders per member 1, 1, 1, 2, 5: three members have nothing below them.
    const score = quintileScorer([1, 1, 1, 2, 5]);
    expect([1, 2, 5].map(score)).toEqual([1, 4, 5]);
  });

  it('scores recency on negative days, so the most recent member scores 5', () => {
    const score = quintileScorer([-3, -40, -100, -200, -400]);
    expect([-3, -400].map(score)).toEqual([5, 1]);
  });

  it.each([
    [5, 5, 5, RfmSegment.CHAMPIONS],
    [4, 4, 3, RfmSegment.CHAMPIONS], // FM = round(3.5) = 4
    [1, 5, 4, RfmSegment.CANNOT_LOSE],
    [2, 5, 5, RfmSegment.AT_RISK],
    [1, 3, 3, RfmSegment.AT_RISK],
    [3, 4, 4, RfmSegment.LOYAL],
    [5, 3, 3, RfmSegment.LOYAL],
    [5, 1, 1, RfmSegment.NEW_CUSTOMERS],
    [4, 1, 1, RfmSegment.PROMISING],
    [5, 2, 2, RfmSegment.POTENTIAL_LOYALIST],
    [3, 2, 2, RfmSegment.NEED_ATTENTION],
    [3, 1, 1, RfmSegment.ABOUT_TO_SLEEP],
    [2, 2, 1, RfmSegment.HIBERNATING],
    [1, 1, 2, RfmSegment.LOST],
  ])('maps R %i, F %i, M %i to %s', (r, f, m, segment) => {
    expect(rfmSegment(r, f, m)).toBe(segment);
  });
});
