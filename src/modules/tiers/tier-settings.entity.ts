import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Field, Int, ObjectType } from 'type-graphql';

/** The only row's id: the programme has one set of tier settings. */
export const TIER_SETTINGS_ID = 1;

export const DEFAULT_TIER_SETTINGS = { windowMonths: 12, reviewCadenceMonths: 12, graceDays: 30 } as const;

/**
 * Programme-wide qualification settings (one row; absent means the defaults). Reviews are anchored on
 * each member's own tier start: every `reviewCadenceMonths` after the tier was reached, not on a
 * calendar quarter, so members who upgrade in December get a full period like everyone else.
 */
@Entity('tier_settings')
@ObjectType('TierSettings', { description: 'How tiers are qualified for and reviewed' })
export class TierSettings {
  @PrimaryColumn({ type: 'int' })
  id: number;

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'Qualifying figures count over this many months back from now' })
  windowMonths: number;

  @Column({ type: 'int' })
  @Field(() => Int, {
    description: "A member's tier is reviewed every this many months after it was reached",
  })
  reviewCadenceMonths: number;

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'Days a member keeps a tier after a review found them below it' })
  graceDays: number;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true })
  updatedAt: Date | null;
}
