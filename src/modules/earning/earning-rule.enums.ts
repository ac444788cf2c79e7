import { registerEnumType } from 'type-graphql';

/** What an earning rule does; each kind has its own parameters (see earning-rule.parameters.ts). */
export enum EarningRuleKind {
  /** Points per currency unit spent, from line totals in minor units. */
  BASE_RATE = 'BASE_RATE',
  /** Multiplies the base points of lines with one of the rule's SKUs. */
  SKU_MULTIPLIER = 'SKU_MULTIPLIER',
  /** Multiplies the base points of lines in one of the rule's categories. */
  CATEGORY_MULTIPLIER = 'CATEGORY_MULTIPLIER',
  /** Fixed points per item (unit of quantity) of lines with one of the rule's SKUs. */
  SKU_FIXED = 'SKU_FIXED',
  /** Fixed points per item (unit of quantity) of lines in one of the rule's categories. */
  CATEGORY_FIXED = 'CATEGORY_FIXED',
  /** A campaign on the whole order (double points, member day). */
  ORDER_MULTIPLIER = 'ORDER_MULTIPLIER',
  /** Bonus points per order. */
  ORDER_FIXED = 'ORDER_FIXED',
  /** Fixed points for something a member did (survey, review, referral...), with optional caps. */
  BEHAVIOUR = 'BEHAVIOUR',
}

/** How a rule combines with the other rules of its stage. */
export enum EarningRuleStacking {
  /** Applies together with every other rule of its stage. */
  COMBINABLE = 'COMBINABLE',
  /** When it applies, rules after it in its stage (lower priority, or equal priority and higher id) do not. */
  EXCLUSIVE = 'EXCLUSIVE',
}

/**
 * Rules are evaluated in stages; exclusivity acts within one stage only.
 * BASE: base rates. LINE: SKU/category multipliers and fixed points, per order line.
 * ORDER: order multipliers and order bonuses. BEHAVIOUR: behaviour awards.
 */
export type EarningStage = 'BASE' | 'LINE' | 'ORDER' | 'BEHAVIOUR';

export function stageOf(kind: EarningRuleKind): EarningStage {
  switch (kind) {
    case EarningRuleKind.BASE_RATE:
      return 'BASE';
    case EarningRuleKind.SKU_MULTIPLIER:
    case EarningRuleKind.CATEGORY_MULTIPLIER:
    case EarningRuleKind.SKU_FIXED:
    case EarningRuleKind.CATEGORY_FIXED:
      return 'LINE';
    case EarningRuleKind.ORDER_MULTIPLIER:
    case EarningRuleKind.ORDER_FIXED:
      return 'ORDER';
    case EarningRuleKind.BEHAVIOUR:
      return 'BEHAVIOUR';
  }
}

registerEnumType(EarningRuleKind, { name: 'EarningRuleKind', description: 'What an earning rule does' });
registerEnumType(EarningRuleStacking, {
  name: 'EarningRuleStacking',
  description: 'How a rule combines with the other rules of its stage',
});
