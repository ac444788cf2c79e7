/**
 * The standard definitions (../shared/EXTERNAL.md), over the responses that answered each measure:
 * NPS = % promoters (9-10) − % detractors (0-6); CSAT = % of 4-5 answers on 1-5; CES = mean of 1-7.
 * A measure nobody answered is null, not 0: "no data" and "everybody unhappy" must look different.
 */
export interface FeedbackCounts {
  responses: number;
  npsResponses: number;
  promoters: number;
  detractors: number;
  csatResponses: number;
  csatSatisfied: number;
  cesResponses: number;
  cesTotal: number;
}

export interface FeedbackScores {
  passives: number;
  nps: number | null;
  csat: number | null;
  ces: number | null;
}

export const DETRACTOR_MAX = 6;
export const PROMOTER_MIN = 9;
export const CSAT_SATISFIED_MIN = 4;

export function isDetractor(nps: number | null | undefined): boolean {
  return nps !== null && nps !== undefined && nps <= DETRACTOR_MAX;
}

export function scoresOf(counts: FeedbackCounts): FeedbackScores {
  return {
    passives: counts.npsResponses - counts.promoters - counts.detractors,
    nps:
      counts.npsResponses === 0
        ? null
        : round2(((counts.promoters - counts.detractors) / counts.npsResponses) * 100),
    csat: counts.csatResponses === 0 ? null : round2((counts.csatSatisfied / counts.csatResponses) * 100),
    ces: counts.cesResponses === 0 ? null : round2(counts.cesTotal / counts.cesResponses),
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The measures a survey asks, checked against the answers given. */
export interface AskedMeasures {
  asksNps: boolean;
  asksCsat: boolean;
  asksCes: boolean;
  asksSuggestion: boolean;
}

export interface Answers {
  nps?: number | null;
  csat?: number | null;
  ces?: number | null;
  suggestion?: string | null;
}

/** Field problems: an answer to a measure the survey does not ask, or no answer at all. */
export function answerProblems(
  survey: AskedMeasures,
  answers: Answers,
): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const given = (value: unknown) => value !== null && value !== undefined && value !== '';
  const pairs: [keyof Answers, boolean, string][] = [
    ['nps', survey.asksNps, 'NPS'],
    ['csat', survey.asksCsat, 'CSAT'],
    ['ces', survey.asksCes, 'CES'],
    ['suggestion', survey.asksSuggestion, 'a suggestion'],
  ];
  for (const [field, asked, label] of pairs) {
    if (given(answers[field]) && !asked)
      problems.push({ field, message: `This survey does not ask ${label}` });
  }
  if (!pairs.some(([field]) => given(answers[field]))) {
    problems.push({ field: 'nps', message: 'Answer at least one question of the survey' });
  }
  return problems;
}
