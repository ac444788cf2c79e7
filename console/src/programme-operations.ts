import type { Api } from './api';

/**
 * The programme view's figures: programKpis once for the whole period and once per bucket (aliases
 * in one request; the API groups KPIs by channel or store but not by time), and feedbackSummary
 * for the period's promoters, passives, detractors, CSAT and CES.
 */
export interface Kpis {
  newMembers: number | null;
  activeMembers: number;
  orders: number;
  revenueMinor: number;
  averageOrderValueMinor: number | null;
  pointsIssued: number;
  pointsRedeemed: number;
  pointsExpired: number;
  nps: number | null;
  npsResponses: number;
  redemptionRate: number | null;
  repurchaseRate: number | null;
}

export interface Bucket {
  from: Date;
  to: Date;
}

export interface ProgrammeFigures {
  total: Kpis;
  buckets: (Bucket & { kpis: Kpis })[];
  feedback: FeedbackTotals | null;
}

export interface FeedbackTotals {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  nps: number | null;
  csat: number | null;
  ces: number | null;
}

const KPIS =
  'newMembers activeMembers orders revenueMinor averageOrderValueMinor pointsIssued pointsRedeemed pointsExpired nps npsResponses redemptionRate repurchaseRate';

/** Local-midnight buckets of one day or one week covering [from, to). */
export function bucketsOf(from: Date, to: Date, size: 'DAY' | 'WEEK'): Bucket[] {
  const buckets: Bucket[] = [];
  const days = size === 'DAY' ? 1 : 7;
  for (let start = new Date(from); start < to;) {
    const end = new Date(start);
    end.setDate(end.getDate() + days);
    buckets.push({ from: new Date(start), to: end < to ? end : new Date(to) });
    start = end;
  }
  return buckets;
}

export async function programmeFigures(
  api: Api,
  from: Date,
  to: Date,
  size: 'DAY' | 'WEEK',
): Promise<ProgrammeFigures> {
  const buckets = bucketsOf(from, to, size);
  const variables: Record<string, unknown> = { all: { from, to }, feedback: { from, to } };
  const parts = buckets.map((bucket, i) => {
    variables[`b${i}`] = { from: bucket.from, to: bucket.to };
    return `k${i}: programKpis(input: $b${i}) { ${KPIS} }`;
  });
  const declarations = buckets.map((_, i) => `$b${i}: ProgramKpisInput!`).join(', ');
  const data = await api.query<Record<string, unknown>>(
    `query ($all: ProgramKpisInput!, $feedback: FeedbackSummaryInput!, ${declarations}) {
      total: programKpis(input: $all) { ${KPIS} }
      feedback: feedbackSummary(input: $feedback) { responses promoters passives detractors nps csat ces }
      ${parts.join('\n')} }`,
    variables,
  );
  return {
    total: (data.total as Kpis[])[0],
    buckets: buckets.map((bucket, i) => ({ ...bucket, kpis: (data[`k${i}`] as Kpis[])[0] })),
    feedback: (data.feedback as FeedbackTotals[])[0] ?? null,
  };
}
