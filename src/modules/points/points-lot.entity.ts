import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { NonNegativeChecks } from '../../data/non-negative-checks';
import { LotStatus } from './points.enums';

/**
 * Points earned together, spent and expired together: each earn (or positive adjustment) makes a lot
 * with its own expiry and, for purchases, a pending period. Spending takes from lots in policy order.
 * Invariant: the remaining of ACTIVE lots sums to the account's available, of PENDING lots to pending.
 */
@Entity('points_lot')
@NonNegativeChecks('points_lot', ['remaining', 'points', 'owed'])
@Index('IDX_points_lot_member', ['memberId', 'status'])
@Index('IDX_points_lot_expiry', ['status', 'expiresAt'])
@Index('IDX_points_lot_pending', ['status', 'pendingUntil'])
@Index('IDX_points_lot_order', ['orderId'])
@ObjectType({ description: 'Points earned together, with their own expiry and pending period' })
export class PointsLot {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Column({ type: 'int' })
  memberId: number;

  /** The entry that created it. */
  @Column({ type: 'int' })
  entryId: number;

  @Column({ type: 'int', nullable: true })
  orderId: number | null;

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'Points the lot started with' })
  points: number;

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'Points still in the lot' })
  remaining: number;

  /** What expiry took from it (its remaining at expiry time). */
  @Column({ type: 'int', default: 0 })
  @Field(() => Int)
  expiredPoints: number;

  /**
   * Points a refund of this lot's order could not take back because they had been spent from this lot
   * (policy FORGIVE). If those points come back (a cancelled redemption, a released hold), they settle
   * this first instead of becoming spendable again: a refund plus a cancellation never makes points.
   */
  @Column({ type: 'int', default: 0 })
  owed: number;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => LotStatus)
  status: LotStatus;

  @Column({ type: 'datetime', precision: 3 })
  @Field()
  earnedAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true, description: 'Null: never expires' })
  expiresAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true, description: 'Unusable until then (the return window)' })
  pendingUntil: Date | null;

  /** When the member was warned that this lot expires soon (once per lot). */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  warnedAt: Date | null;
}
