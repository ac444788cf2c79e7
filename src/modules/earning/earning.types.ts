import type { PointsExplanation } from '../points';
import type { Behaviour } from './behaviour';

export interface EarningLine {
  sku: string;
  productId: number | null;
  category: string | null;
  quantity: number;
  unitPriceMinor: number;
  /** What the line cost after discounts, in minor units: the base earn is computed from this. */
  lineTotalMinor: number;
}

export interface EarningBasket {
  memberId: number | null;
  /** When the order was placed: campaign windows and member days are judged at this instant. */
  at: Date;
  channel: string;
  storeId: string | null;
  currency: string;
  lines: EarningLine[];
  /** The order total (minimum-order conditions compare against it). */
  totalMinor: number;
  /** The member's tier (owned by the tiers context); its earnMultiplier is applied as a step. */
  tier: { code: string; name: string; earnMultiplier: number } | null;
}

export interface EarningResult {
  points: number;
  explanation: PointsExplanation;
}

export interface BehaviourAward {
  memberId: number;
  behaviour: Behaviour;
  /** Idempotency per member and behaviour: e.g. `survey:12`, `referral:7`. */
  reference: string;
  channel?: string | null;
  storeId?: string | null;
  /**
   * The member's tier code for tier-targeted rules. Absent: looked up through the tier source when one
   * is bound (the earning → tiers port in core.ts); null: the member has no tier (only untargeted rules apply).
   */
  tierCode?: string | null;
  at?: Date;
}

export interface BehaviourAwardResult {
  points: number;
  entryId: number | null;
  /** True when a cap (per day/week/month) stopped some or all of the award. */
  capped: boolean;
  /** True when this reference had been awarded before: the first award is returned, nothing is paid. */
  alreadyAwarded?: boolean;
}
