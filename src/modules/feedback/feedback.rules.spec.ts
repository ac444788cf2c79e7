import { answerProblems, isDetractor, scoresOf } from './feedback.rules';

describe('feedback scores follow the standard definitions', () => {
  it('computes NPS as promoters minus detractors in percent of the NPS answers', () => {
    // 10 answers: 5 promoters, 2 passives, 3 detractors → 50% − 30% = 20.
    const scores = scoresOf({
      responses: 12,
      npsResponses: 10,
      promoters: 5,
      detractors: 3,
      csatResponses: 0,
      csatSatisfied: 0,
      cesResponses: 0,
      cesTotal: 0,
    });
    expect(scores).toEqual({ passives: 2, nps: 20, csat: null, ces: null });
  });

  it('computes CSAT as the share of 4-5 answers and CES as the mean', () => {
    // CSAT answers 5,4,3: 2 of 3 satisfied = 66.67%; CES answers 2,3,7: mean 4.
    const scores = scoresOf({
      responses: 3,
      npsResponses: 0,
      promoters: 0,
      detractors: 0,
      csatResponses: 3,
      csatSatisfied: 2,
      cesResponses: 3,
      cesTotal: 12,
    });
    expect(scores).toEqual({ passives: 0, nps: null, csat: 66.67, ces: 4 });
  });

  it('treats 0 to 6 as detractors and 7 or more as not', () => {
    expect([0, 6, 7, 10, null].map(isDetractor)).toEqual([true, true, false, false, false]);
  });

  it('refuses answers to measures the survey does not ask, and empty responses', () => {
    const npsOnly = { asksNps: true, asksCsat: false, asksCes: false, asksSuggestion: false };
    expect(answerProblems(npsOnly, { nps: 9 })).toEqual([]);
    expect(answerProblems(npsOnly, { nps: 9, csat: 4 }).map((p) => p.field)).toEqual(['csat']);
    expect(answerProblems(npsOnly, {}).map((p) => p.field)).toEqual(['nps']);
  });
});
