import { EarningRuleKind } from './earning-rule.enums';
import type { EarningRuleDefinition } from './earning-rule.parameters';
import type { EarningBasket, EarningLine } from './earning.types';

/** Builders for unit specs: a rule or basket with sensible defaults and the given overrides. */
let nextId = 1;

export function rule(
  kind: EarningRuleKind,
  parameters: EarningRuleDefinition['parameters'],
  overrides: Partial<EarningRuleDefinition> = {},
): EarningRuleDefinition {
  const id = overrides.id ?? nextId++;
  return {
    id,
    name: `${kind} ${id}`,
    version: 1,
    kind,
    priority: 0,
    stacking: 'COMBINABLE',
    active: true,
    startsAt: null,
    endsAt: null,
    targeting: { tierCodes: [], channels: [], storeIds: [] },
    parameters,
    ...overrides,
  };
}

export function line(sku: string, lineTotalMinor: number, overrides: Partial<EarningLine> = {}): EarningLine {
  const quantity = overrides.quantity ?? 1;
  return {
    sku,
    productId: null,
    category: null,
    quantity,
    unitPriceMinor: Math.round(lineTotalMinor / quantity),
    lineTotalMinor,
    ...overrides,
  };
}

export function basket(lines: EarningLine[], overrides: Partial<EarningBasket> = {}): EarningBasket {
  return {
    memberId: 1,
    at: new Date('2026-03-10T12:00:00Z'), // a Tuesday
    channel: 'online-store',
    storeId: null,
    currency: 'EUR',
    lines,
    totalMinor: lines.reduce((sum, l) => sum + l.lineTotalMinor, 0),
    tier: null,
    ...overrides,
  };
}

export const baseRate = (pointsPerUnit = 1, overrides: Partial<EarningRuleDefinition> = {}) =>
  rule(EarningRuleKind.BASE_RATE, { pointsPerUnit, unitAmountMinor: 100 }, overrides);
