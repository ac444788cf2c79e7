import type { EarningRule } from './earning-rule.entity';

/** A rule as audit entries record it: every stored field, JSON parsed, dates as ISO strings. */
export function earningRuleSnapshot(rule: EarningRule): Record<string, unknown> {
  return {
    id: rule.id,
    name: rule.name,
    description: rule.description,
    kind: rule.kind,
    priority: rule.priority,
    stacking: rule.stacking,
    active: Boolean(rule.active),
    startsAt: rule.startsAt?.toISOString() ?? null,
    endsAt: rule.endsAt?.toISOString() ?? null,
    targeting: rule.targeting,
    parameters: rule.parameters,
    version: rule.version,
  };
}
