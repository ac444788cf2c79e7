import type { EntityManager } from 'typeorm';
import {
  Behaviour,
  EarningRule,
  EarningRuleKind,
  EarningRuleStacking,
  type EarningRuleParameters,
  type EarningRuleTargeting,
  normalizeParameters,
  ruleDefinitionProblems,
} from '../src/modules/earning';
import { clock } from '../src/common/clock';

interface RuleSeed {
  name: string;
  description: string;
  kind: EarningRuleKind;
  priority?: number;
  stacking?: EarningRuleStacking;
  targeting?: Partial<EarningRuleTargeting>;
  parameters: EarningRuleParameters;
}

/** Category slugs the demo catalog uses for coffee and for sustainable products. */
export const DEMO_BONUS_CATEGORY = 'coffee';
export const DEMO_SUSTAINABLE_CATEGORIES = ['eco/refills', 'eco/reusables', 'eco/second-hand'];

const behaviour = (b: Behaviour, points: number, caps: Partial<EarningRuleParameters> = {}) => ({
  kind: EarningRuleKind.BEHAVIOUR,
  parameters: { behaviour: b, points, ...caps },
});

export const DEMO_EARNING_RULES: RuleSeed[] = [
  {
    name: 'Base rate',
    description: '1 point for every 1.00 spent',
    kind: EarningRuleKind.BASE_RATE,
    parameters: { pointsPerUnit: 1, unitAmountMinor: 100 },
  },
  {
    name: 'Coffee lovers',
    description: 'Double base points on coffee',
    kind: EarningRuleKind.CATEGORY_MULTIPLIER,
    priority: 10,
    parameters: { multiplier: 2, categories: [DEMO_BONUS_CATEGORY] },
  },
  {
    name: 'Sustainable choice',
    description: '20 extra points for every sustainable item',
    kind: EarningRuleKind.CATEGORY_FIXED,
    priority: 10,
    parameters: { pointsPerItem: 20, categories: DEMO_SUSTAINABLE_CATEGORIES },
  },
  {
    name: 'Member day',
    description: 'Double points on the whole order on the 8th of every month',
    kind: EarningRuleKind.ORDER_MULTIPLIER,
    priority: 50,
    parameters: { multiplier: 2, daysOfMonth: [8] },
  },
  {
    name: 'Survey completed',
    description: '50 points for a completed survey, once a day',
    ...behaviour(Behaviour.SURVEY_COMPLETED, 50, { capPerDay: 1 }),
  },
  {
    name: 'Review written',
    description: '20 points per review, up to 3 reviews a week',
    ...behaviour(Behaviour.REVIEW_WRITTEN, 20, { capPerWeek: 3 }),
  },
  {
    name: 'Referral: referrer',
    description: '500 points when a friend you referred places a first order',
    ...behaviour(Behaviour.REFERRAL_REFERRER, 500),
  },
  {
    name: 'Referral: new member',
    description: '500 points on your first order when a member referred you',
    ...behaviour(Behaviour.REFERRAL_REFEREE, 500),
  },
  {
    name: 'Green action',
    description: '10 points for bringing your own bag or recycling, once a day',
    ...behaviour(Behaviour.GREEN_ACTION, 10, { capPerDay: 1 }),
  },
  {
    name: 'Social share',
    description: '5 points for sharing, once a day',
    ...behaviour(Behaviour.SOCIAL_SHARE, 5, { capPerDay: 1 }),
  },
  {
    name: 'Charity participation',
    description: '100 points for taking part in a charity event',
    ...behaviour(Behaviour.CHARITY_PARTICIPATION, 100),
  },
  {
    name: 'Birthday',
    description: '200 points on your birthday',
    ...behaviour(Behaviour.BIRTHDAY, 200),
  },
  {
    name: 'Birthday: Gold and Diamond',
    description: '500 points on your birthday for Gold and Diamond members, instead of the 200',
    priority: 10,
    stacking: EarningRuleStacking.EXCLUSIVE,
    targeting: { tierCodes: ['GOLD', 'DIAMOND'] },
    ...behaviour(Behaviour.BIRTHDAY, 500),
  },
];

/** The demo earning rules (tier codes REGULAR, SILVER, GOLD, DIAMOND), at version 1, in the caller's transaction. */
export async function seedEarningRules(manager: EntityManager): Promise<void> {
  const now = clock.now();
  for (const seed of DEMO_EARNING_RULES) {
    const problems = ruleDefinitionProblems({ kind: seed.kind, parameters: seed.parameters });
    if (problems.length > 0)
      throw new Error(`Demo rule "${seed.name}" is invalid: ${JSON.stringify(problems)}`);
    const parameters = normalizeParameters(seed.kind, seed.parameters);
    await manager.insert(EarningRule, {
      name: seed.name,
      description: seed.description,
      kind: seed.kind,
      behaviour: parameters.behaviour ?? null,
      priority: seed.priority ?? 0,
      stacking: seed.stacking ?? EarningRuleStacking.COMBINABLE,
      active: true,
      startsAt: null,
      endsAt: null,
      targetingJson: JSON.stringify({ tierCodes: [], channels: [], storeIds: [], ...seed.targeting }),
      parametersJson: JSON.stringify(parameters),
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
  }
}
