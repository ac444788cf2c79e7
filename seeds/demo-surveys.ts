import type { RequestContext } from '../src/common/request-context';
import type { Core } from '../src/core';
import type { Database } from '../src/data/database';
import { Survey, type CreateSurveyInput } from '../src/modules/feedback';
import { createRandom } from './random';

/** Asked about an order a few days after it: every measure. */
export const POST_PURCHASE_SURVEY: CreateSurveyInput = {
  code: 'POST-PURCHASE-NPS',
  title: 'How was your order?',
  asksNps: true,
  asksCsat: true,
  asksCes: true,
  asksSuggestion: true,
};

/** Sent by email to members who had not ordered yet: no channel, no order. */
export const RELATIONSHIP_SURVEY: CreateSurveyInput = {
  code: 'RELATIONSHIP-NPS',
  title: 'Would you recommend us to a friend?',
  asksNps: true,
  asksCsat: false,
  asksCes: false,
  asksSuggestion: true,
};

export interface DemoSurveyIds {
  postPurchase: number;
  relationship: number;
}

/** The demo surveys, created through the service (audited) unless a re-run finds them by code. */
export async function ensureDemoSurveys(
  core: Core,
  db: Database,
  ctx: RequestContext,
): Promise<DemoSurveyIds> {
  const idOf = async (input: CreateSurveyInput) => {
    const existing = await db.manager.findOne(Survey, { where: { code: input.code } });
    return existing ? existing.id : (await core.services.surveys.create(ctx, { ...input })).id;
  };
  return { postPurchase: await idOf(POST_PURCHASE_SURVEY), relationship: await idOf(RELATIONSHIP_SURVEY) };
}

export interface DemoAnswers {
  nps: number;
  csat?: number;
  ces?: number;
  suggestion?: string;
}

const SUGGESTIONS = {
  promoter: ['Keep the member days coming!', 'Love the new seasonal coffees', 'Fast delivery, thank you'],
  passive: ['More vegan bakery options please', 'The app could remember my usual order'],
  detractor: [
    'My order arrived late and nobody answered my email',
    'The points expire too quickly',
    'The store was out of my usual beans twice',
  ],
};

/**
 * One member's answers, the same on every run: about half promoters (9-10), a third passives (7-8)
 * and a fifth detractors (0-6, each raising a detractor alert), with satisfaction and effort that agree
 * with the NPS, and a suggestion from about a third of them. `about` the survey they answer.
 */
export function demoAnswers(seed: number, memberId: number, about: 'order' | 'member'): DemoAnswers {
  const random = createRandom((seed ^ Math.imul(memberId, 0x2c1b3c6d)) >>> 0);
  const draw = random.next();
  const mood = draw < 0.5 ? 'promoter' : draw < 0.8 ? 'passive' : 'detractor';
  const nps =
    mood === 'promoter' ? random.int(9, 10) : mood === 'passive' ? random.int(7, 8) : random.int(0, 6);
  const suggestion = random.chance(0.35) ? random.pick(SUGGESTIONS[mood]) : undefined;
  if (about === 'member') return { nps, suggestion };
  const [csatMin, csatMax, cesMin, cesMax] =
    mood === 'promoter' ? [4, 5, 1, 3] : mood === 'passive' ? [3, 5, 2, 4] : [1, 3, 4, 7];
  return { nps, csat: random.int(csatMin, csatMax), ces: random.int(cesMin, cesMax), suggestion };
}
