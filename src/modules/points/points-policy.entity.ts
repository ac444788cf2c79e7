import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ExpiryMode, ReversalShortfallPolicy, SpendOrder } from './points.enums';

/**
 * The programme's points policy, one row (id 1) that admins change through GraphQL. Read per
 * movement (a primary-key lookup) so every instance applies a change at once.
 */
@Entity('points_policy')
@ObjectType({ description: 'How points expire, unlock, are spent, reversed and valued at checkout' })
export class PointsPolicy {
  @PrimaryColumn({ type: 'int' })
  id: number;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => ExpiryMode)
  expiryMode: ExpiryMode;

  @Column({ type: 'int', nullable: true })
  @Field(() => Int, {
    nullable: true,
    description: 'For AFTER_DAYS: lots expire this many days after earning',
  })
  expiryDays: number | null;

  @Column({ type: 'int', default: 0 })
  @Field(() => Int, {
    description: 'Purchase points stay pending this many days (the return window); 0 = at once',
  })
  pendingDays: number;

  @Column({ type: 'varchar', length: 24 })
  @Field(() => SpendOrder)
  spendOrder: SpendOrder;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => ReversalShortfallPolicy)
  reversalShortfall: ReversalShortfallPolicy;

  @Column({ type: 'int' })
  @Field(() => Int, {
    description: 'Pay with points: how many points buy one currency unit (100 = 1 point per cent)',
  })
  pointsPerCurrencyUnit: number;

  @Column({ type: 'varchar', length: 3 })
  @Field({ description: 'The programme currency (ISO 4217) that points are valued in' })
  currency: string;

  @Column({ type: 'int' })
  @Field(() => Int, {
    description: 'Seconds an authorised points payment stays held before it releases itself',
  })
  holdTtlSeconds: number;

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'Members are warned this many days before points expire' })
  expiryWarningDays: number;

  @Column({ type: 'datetime', precision: 3 })
  @Field()
  updatedAt: Date;
}
