import { Field, Float, Int, ObjectType } from 'type-graphql';
import { TierRequirement } from './tier.enums';

@ObjectType({ description: 'What qualifies a member for a tier over the rolling window' })
export class TierThresholds {
  @Field(() => TierRequirement)
  requirement: TierRequirement;

  @Field(() => Int, { nullable: true, description: 'Net qualifying spend in minor units (cents)' })
  minimumSpendMinor: number | null;

  @Field(() => Int, { nullable: true })
  minimumOrders: number | null;

  @Field(() => Int, { nullable: true, description: 'Qualifying points earned in the window' })
  minimumPoints: number | null;
}

@ObjectType({ description: "What a tier's members get" })
export class TierBenefits {
  @Field(() => Float, { description: 'Multiplies purchase points, e.g. 1.25' })
  earnMultiplier: number;

  @Field()
  freeShipping: boolean;

  @Field()
  priorityService: boolean;

  @Field({ description: 'Access to rewards reserved for this tier and above' })
  exclusiveRewards: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'The birthday gift, as shown to members (the points come from a BIRTHDAY earning rule)',
  })
  birthdayGift: string | null;
}

@ObjectType({ description: 'Qualification figures over a rolling window' })
export class QualificationFigures {
  @Field(() => Int, { description: 'Net qualifying spend in minor units (after refunds)' })
  spendMinor: number;

  @Field(() => Int)
  orders: number;

  @Field(() => Int, { description: 'Qualifying points earned (net of reversals)' })
  points: number;
}

@ObjectType({
  description:
    'What is still missing to meet a tier: with ANY one of the non-null amounts is enough, with ALL every one is needed',
})
export class TierGap {
  @Field(() => TierRequirement)
  requirement: TierRequirement;

  @Field({ description: 'True when nothing is missing' })
  met: boolean;

  @Field(() => Int, {
    nullable: true,
    description: 'Spend still missing (minor units); null when not a threshold',
  })
  spendMinor: number | null;

  @Field(() => Int, { nullable: true })
  orders: number | null;

  @Field(() => Int, { nullable: true })
  points: number | null;
}
