import type { Tier } from './tier.entity';
import type { Standing } from './tier.rules';

/** A tier as events, audit entries and exports describe it. */
export function tierRef(tier: Pick<Tier, 'code' | 'name' | 'rank'>) {
  return { code: tier.code, name: tier.name, rank: tier.rank };
}

/** The member's standing after a change, for the `tier.changed` payload and the audit log. */
export function standingSnapshot(standing: Standing) {
  return {
    achievedAt: standing.achievedAt?.toISOString() ?? null,
    reviewAt: standing.reviewAt?.toISOString() ?? null,
    graceUntil: standing.graceUntil?.toISOString() ?? null,
    manual: standing.manual,
  };
}

/** Every column of a tier, for the audit log of ladder changes. */
export function tierSnapshot(tier: Tier) {
  return {
    code: tier.code,
    name: tier.name,
    rank: tier.rank,
    description: tier.description,
    minSpendMinor: tier.minSpendMinor,
    minOrders: tier.minOrders,
    minPoints: tier.minPoints,
    requirement: tier.requirement,
    earnMultiplierPermille: tier.earnMultiplierPermille,
    freeShipping: tier.freeShipping,
    priorityService: tier.priorityService,
    exclusiveRewards: tier.exclusiveRewards,
    birthdayGift: tier.birthdayGift,
    paid: tier.paid,
    annualFeeMinor: tier.annualFeeMinor,
    annualFeeCurrency: tier.annualFeeCurrency,
  };
}
