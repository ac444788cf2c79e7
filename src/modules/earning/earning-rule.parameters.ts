import type { Behaviour } from './behaviour';
import { EarningRuleKind } from './earning-rule.enums';

/**
 * A rule's parameters as stored (JSON in `earning_rule.parametersJson`). One flat shape for every
 * kind; `PARAMETERS_BY_KIND` says which fields a kind requires and allows, and the stored JSON only
 * ever holds those (see earning-rule.validation.ts).
 */
export interface EarningRuleParameters {
  /** BASE_RATE: points per `unitAmountMinor` spent (may be fractional, e.g. 0.5). */
  pointsPerUnit?: number;
  /** BASE_RATE: the currency unit in minor units (100 = 1.00 for cents currencies, 1 for JPY). */
  unitAmountMinor?: number;
  /** SKU_/CATEGORY_/ORDER_MULTIPLIER: > 0; 2 = double points. */
  multiplier?: number;
  /** SKU_FIXED / CATEGORY_FIXED: whole points per item (unit of quantity). */
  pointsPerItem?: number;
  /** ORDER_FIXED (per order) and BEHAVIOUR (per award): whole points. */
  points?: number;
  skus?: string[];
  categories?: string[];
  /** ORDER_MULTIPLIER: ISO weekdays, 1 = Monday ... 7 = Sunday. */
  daysOfWeek?: number[];
  /** ORDER_MULTIPLIER: days of the month, 1-31. */
  daysOfMonth?: number[];
  /** ORDER_MULTIPLIER / ORDER_FIXED: the order total (minor units) must be at least this. */
  minimumOrderTotalMinor?: number;
  /** ORDER_MULTIPLIER days and BEHAVIOUR cap periods are calendar days in this IANA zone (default UTC). */
  timeZone?: string;
  behaviour?: Behaviour;
  /** BEHAVIOUR caps: the most paid awards of the behaviour per calendar day / ISO week / month. */
  capPerDay?: number;
  capPerWeek?: number;
  capPerMonth?: number;
}

export type ParameterName = keyof EarningRuleParameters;

export const DEFAULT_UNIT_AMOUNT_MINOR = 100;
export const DEFAULT_TIME_ZONE = 'UTC';

export const PARAMETERS_BY_KIND: Record<
  EarningRuleKind,
  { required: ParameterName[]; optional: ParameterName[] }
> = {
  [EarningRuleKind.BASE_RATE]: { required: ['pointsPerUnit'], optional: ['unitAmountMinor'] },
  [EarningRuleKind.SKU_MULTIPLIER]: { required: ['multiplier', 'skus'], optional: [] },
  [EarningRuleKind.CATEGORY_MULTIPLIER]: { required: ['multiplier', 'categories'], optional: [] },
  [EarningRuleKind.SKU_FIXED]: { required: ['pointsPerItem', 'skus'], optional: [] },
  [EarningRuleKind.CATEGORY_FIXED]: { required: ['pointsPerItem', 'categories'], optional: [] },
  [EarningRuleKind.ORDER_MULTIPLIER]: {
    required: ['multiplier'],
    optional: ['daysOfWeek', 'daysOfMonth', 'minimumOrderTotalMinor', 'timeZone'],
  },
  [EarningRuleKind.ORDER_FIXED]: { required: ['points'], optional: ['minimumOrderTotalMinor'] },
  [EarningRuleKind.BEHAVIOUR]: {
    required: ['behaviour', 'points'],
    optional: ['capPerDay', 'capPerWeek', 'capPerMonth', 'timeZone'],
  },
};

/** Who a rule is for; an empty list means everyone on that dimension. All dimensions must match. */
export interface EarningRuleTargeting {
  tierCodes: string[];
  channels: string[];
  storeIds: string[];
}

export const TARGET_EVERYONE: EarningRuleTargeting = { tierCodes: [], channels: [], storeIds: [] };

/** A rule as the engine sees it: plain data, no database. */
export interface EarningRuleDefinition {
  id: number;
  name: string;
  version: number;
  kind: EarningRuleKind;
  priority: number;
  stacking: 'COMBINABLE' | 'EXCLUSIVE';
  active: boolean;
  startsAt: Date | null;
  endsAt: Date | null;
  targeting: EarningRuleTargeting;
  parameters: EarningRuleParameters;
}
