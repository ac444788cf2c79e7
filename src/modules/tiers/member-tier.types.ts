import { Field, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../graphql/connection';
import { TierChange } from './tier-change.entity';
import { Tier } from './tier.entity';
import { QualificationFigures, TierGap } from './tier.types';

@ObjectType({ description: "A member's tier and where it stands against the review schedule" })
export class MemberTierStatus {
  @Field(() => Tier)
  tier: Tier;

  @Field(() => Date, {
    nullable: true,
    description: 'When the member reached this tier; null for the entry tier by default',
  })
  since: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Next periodic review; null on the entry tier and while assigned by hand',
  })
  reviewAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Set when a review found the member below their tier: they keep it until then',
  })
  graceUntil: Date | null;

  @Field({ description: 'Assigned by staff: automatic changes are locked until released' })
  manual: boolean;

  @Field(() => String, { nullable: true, description: 'Why staff assigned the tier' })
  manualReason: string | null;
}

@ObjectType({
  description: 'What a member has, what is missing for the next tier and to keep the current one',
})
export class TierProgress {
  @Field(() => Tier)
  current: Tier;

  @Field(() => Tier, { nullable: true, description: 'The next tier that can be earned; null at the top' })
  next: Tier | null;

  @Field(() => TierGap, { nullable: true })
  missingForNext: TierGap | null;

  @Field(() => TierGap, {
    nullable: true,
    description:
      'What the current figures still lack to keep the tier at keepBy; null when nothing is reviewed (entry, assigned or paid tier)',
  })
  neededToKeep: TierGap | null;

  @Field(() => Date, { nullable: true, description: 'The review date, or the end of the grace period' })
  keepBy: Date | null;

  @Field(() => QualificationFigures)
  figures: QualificationFigures;

  @Field({ description: 'Start of the rolling window the figures cover' })
  windowStart: Date;

  @Field({ description: 'End of the window: when the figures were read' })
  asOf: Date;
}

@ObjectType()
export class TierChangeConnection extends ConnectionType('TierChange', TierChange) {}
