import { Field, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ConnectionType } from '../../graphql/connection';
import type { PointsExplanation } from './explanation';
import { LedgerEntry } from './ledger-entry.entity';
import { PointsHold } from './points-hold.entity';
import { PointsLot } from './points-lot.entity';
import { PointsSourceKind } from './points.enums';

@ObjectType({ description: "The soonest date some of the member's points expire" })
export class PointsExpiry {
  @Field(() => Int)
  points: number;

  @Field()
  expiresAt: Date;
}

@ObjectType({ description: "A member's points: what can be spent now, what is pending or held" })
export class PointsBalance {
  @Field(() => Int, { description: 'Spendable now' })
  available: number;

  @Field(() => Int, { description: 'Earned, usable once the return window closes' })
  pending: number;

  @Field(() => Int, { description: 'Reserved by authorised payments or transfers' })
  held: number;

  @Field(() => Int, {
    description: 'Owed from a refund of points already spent (paid off by the next earnings)',
  })
  debt: number;

  @Field(() => PointsExpiry, { nullable: true })
  nextExpiry: PointsExpiry | null;
}

@ObjectType({ description: 'Who or what caused a ledger entry' })
export class PointsSourceView {
  @Field(() => PointsSourceKind)
  kind: PointsSourceKind;

  @Field(() => String, { nullable: true })
  channel: string | null;

  @Field(() => String, { nullable: true })
  plugin: string | null;

  @Field(() => String, { nullable: true, description: 'Staff user, for adjustments' })
  staffUserId: string | null;

  @Field(() => String, { nullable: true, description: 'What it is about, e.g. order:42' })
  reference: string | null;

  @Field(() => String, { nullable: true })
  storeId: string | null;
}

@ObjectType({ description: 'A rule that contributed to an entry, with its version' })
export class ExplainedRuleView {
  @Field(() => ID, {
    nullable: true,
    description: 'Null for steps that are not rules (e.g. the tier multiplier)',
  })
  ruleId: string | null;

  @Field()
  name: string;

  @Field(() => Int)
  version: number;

  @Field()
  kind: string;

  @Field({ description: 'Points it contributed before the final rounding' })
  points: number;

  @Field()
  detail: string;
}

@ObjectType({ description: 'Why an entry has the points it has: rules, inputs and arithmetic' })
export class PointsExplanationView {
  @Field()
  summary: string;

  @Field(() => [ExplainedRuleView])
  rules: ExplainedRuleView[];

  @Field(() => [String])
  steps: string[];

  @Field(() => GraphQLJSONObject)
  inputs: Record<string, unknown>;
}

@ObjectType()
export class LedgerEntryConnection extends ConnectionType('LedgerEntry', LedgerEntry) {}

@ObjectType()
export class PointsLotConnection extends ConnectionType('PointsLot', PointsLot) {}

@ObjectType({ description: 'What paying an amount with points would take' })
export class PointsPaymentQuote {
  @Field(() => Int)
  amountMinor: number;

  @Field()
  currency: string;

  @Field(() => Int, { description: 'Points needed for the amount (rounded up)' })
  points: number;

  @Field(() => Int)
  pointsPerCurrencyUnit: number;

  @Field(() => Int)
  available: number;

  @Field({ description: 'True when the member has enough available points' })
  sufficient: boolean;
}

@ObjectType({ description: 'The result of a points movement' })
export class PointsMovementPayload {
  @Field(() => LedgerEntry, { nullable: true, description: 'Null when nothing had to move' })
  entry: LedgerEntry | null;

  @Field(() => PointsHold, { nullable: true })
  hold: PointsHold | null;

  @Field(() => Int)
  points: number;

  @Field(() => PointsBalance)
  balance: PointsBalance;
}

/** An explanation as GraphQL shows it: rule ids as IDs (strings). */
export function explanationView(explanation: PointsExplanation): PointsExplanationView {
  return {
    ...explanation,
    rules: explanation.rules.map((rule) => ({
      ...rule,
      ruleId: rule.ruleId === null ? null : String(rule.ruleId),
    })),
  };
}
