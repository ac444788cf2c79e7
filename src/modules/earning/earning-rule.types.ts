import { createUnionType, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../graphql/connection';
import { Behaviour } from './behaviour';
import { EarningRule } from './earning-rule.entity';
import { EarningRuleKind } from './earning-rule.enums';
import {
  DEFAULT_TIME_ZONE,
  DEFAULT_UNIT_AMOUNT_MINOR,
  type EarningRuleParameters,
} from './earning-rule.parameters';

@ObjectType({ description: 'Who a rule is for; an empty list means everyone on that dimension' })
export class EarningRuleTargeting {
  @Field(() => [String], { description: 'Tier codes, e.g. GOLD' })
  tierCodes: string[];

  @Field(() => [String], { description: 'Channel keys, e.g. online-store, pos' })
  channels: string[];

  @Field(() => [String])
  storeIds: string[];
}

@ObjectType({ description: 'BASE_RATE: pointsPerUnit points for every unitAmountMinor spent' })
export class BaseRateParameters {
  @Field(() => Float)
  pointsPerUnit: number;

  @Field(() => Int, { description: 'The currency unit in minor units, e.g. 100 = 1.00' })
  unitAmountMinor: number;
}

@ObjectType({ description: 'SKU_MULTIPLIER: multiplies the base points of lines with these SKUs' })
export class SkuMultiplierParameters {
  @Field(() => Float)
  multiplier: number;

  @Field(() => [String])
  skus: string[];
}

@ObjectType({ description: 'CATEGORY_MULTIPLIER: multiplies the base points of lines in these categories' })
export class CategoryMultiplierParameters {
  @Field(() => Float)
  multiplier: number;

  @Field(() => [String])
  categories: string[];
}

@ObjectType({ description: 'SKU_FIXED: points per item of lines with these SKUs' })
export class SkuFixedParameters {
  @Field(() => Int)
  pointsPerItem: number;

  @Field(() => [String])
  skus: string[];
}

@ObjectType({ description: 'CATEGORY_FIXED: points per item of lines in these categories' })
export class CategoryFixedParameters {
  @Field(() => Int)
  pointsPerItem: number;

  @Field(() => [String])
  categories: string[];
}

@ObjectType({
  description:
    'ORDER_MULTIPLIER: multiplies the points of the whole order; with days given, only on those days (either list matching is enough)',
})
export class OrderMultiplierParameters {
  @Field(() => Float)
  multiplier: number;

  @Field(() => [Int], { description: 'ISO weekdays, 1 = Monday ... 7 = Sunday; empty = every day' })
  daysOfWeek: number[];

  @Field(() => [Int], { description: 'Days of the month, 1-31; empty = every day' })
  daysOfMonth: number[];

  @Field(() => Int, { nullable: true })
  minimumOrderTotalMinor: number | null;

  @Field({ description: 'IANA time zone the days are counted in' })
  timeZone: string;
}

@ObjectType({ description: 'ORDER_FIXED: bonus points per order, added after all multipliers' })
export class OrderFixedParameters {
  @Field(() => Int)
  points: number;

  @Field(() => Int, { nullable: true })
  minimumOrderTotalMinor: number | null;
}

@ObjectType({
  description: 'BEHAVIOUR: points per award; caps count paid awards of the behaviour per calendar period',
})
export class BehaviourParameters {
  @Field(() => Behaviour)
  behaviour: Behaviour;

  @Field(() => Int)
  points: number;

  @Field(() => Int, { nullable: true })
  capPerDay: number | null;

  @Field(() => Int, { nullable: true, description: 'ISO weeks, from Monday' })
  capPerWeek: number | null;

  @Field(() => Int, { nullable: true })
  capPerMonth: number | null;

  @Field({ description: 'IANA time zone the cap periods are counted in' })
  timeZone: string;
}

export const EarningRuleParametersUnion = createUnionType({
  name: 'EarningRuleParameters',
  description: "A rule's parameters; the type depends on its kind",
  types: () =>
    [
      BaseRateParameters,
      SkuMultiplierParameters,
      CategoryMultiplierParameters,
      SkuFixedParameters,
      CategoryFixedParameters,
      OrderMultiplierParameters,
      OrderFixedParameters,
      BehaviourParameters,
    ] as const,
  resolveType: (value) => value.constructor.name,
});

/** The typed GraphQL view of stored parameters. */
export function parametersView(
  kind: EarningRuleKind,
  p: EarningRuleParameters,
): typeof EarningRuleParametersUnion {
  switch (kind) {
    case EarningRuleKind.BASE_RATE:
      return Object.assign(new BaseRateParameters(), {
        pointsPerUnit: p.pointsPerUnit!,
        unitAmountMinor: p.unitAmountMinor ?? DEFAULT_UNIT_AMOUNT_MINOR,
      });
    case EarningRuleKind.SKU_MULTIPLIER:
      return Object.assign(new SkuMultiplierParameters(), { multiplier: p.multiplier!, skus: p.skus ?? [] });
    case EarningRuleKind.CATEGORY_MULTIPLIER:
      return Object.assign(new CategoryMultiplierParameters(), {
        multiplier: p.multiplier!,
        categories: p.categories ?? [],
      });
    case EarningRuleKind.SKU_FIXED:
      return Object.assign(new SkuFixedParameters(), { pointsPerItem: p.pointsPerItem!, skus: p.skus ?? [] });
    case EarningRuleKind.CATEGORY_FIXED:
      return Object.assign(new CategoryFixedParameters(), {
        pointsPerItem: p.pointsPerItem!,
        categories: p.categories ?? [],
      });
    case EarningRuleKind.ORDER_MULTIPLIER:
      return Object.assign(new OrderMultiplierParameters(), {
        multiplier: p.multiplier!,
        daysOfWeek: p.daysOfWeek ?? [],
        daysOfMonth: p.daysOfMonth ?? [],
        minimumOrderTotalMinor: p.minimumOrderTotalMinor ?? null,
        timeZone: p.timeZone ?? DEFAULT_TIME_ZONE,
      });
    case EarningRuleKind.ORDER_FIXED:
      return Object.assign(new OrderFixedParameters(), {
        points: p.points!,
        minimumOrderTotalMinor: p.minimumOrderTotalMinor ?? null,
      });
    case EarningRuleKind.BEHAVIOUR:
      return Object.assign(new BehaviourParameters(), {
        behaviour: p.behaviour!,
        points: p.points!,
        capPerDay: p.capPerDay ?? null,
        capPerWeek: p.capPerWeek ?? null,
        capPerMonth: p.capPerMonth ?? null,
        timeZone: p.timeZone ?? DEFAULT_TIME_ZONE,
      });
  }
}

@ObjectType()
export class EarningRuleConnection extends ConnectionType('EarningRule', EarningRule) {
  countRules: () => Promise<number>;

  @Field(() => Int, { description: 'Rules matching the filter (a separate count: ask only when needed)' })
  totalCount(): Promise<number> {
    return this.countRules();
  }
}

@ObjectType({ description: 'What a behaviour award paid' })
export class BehaviourAwardPayload {
  @Field(() => Int, {
    description: "Points the award's ledger entry earned; 0 when no rule or a cap stopped it",
  })
  points: number;

  @Field(() => ID, { nullable: true, description: 'The ledger entry; null when nothing was earned' })
  ledgerEntryId: string | null;

  @Field({ description: 'A cap (per day, week or month) stopped some or all of the award' })
  capped: boolean;

  @Field({
    description: 'This reference was awarded before: the first award is returned, nothing more is paid',
  })
  alreadyAwarded: boolean;
}
