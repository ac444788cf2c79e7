import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row per Stripe PaymentIntent that earned points: what it earned and what refunds took back
 * (charge.refunded carries the cumulative refunded amount, so each event moves only the difference).
 */
@Entity('stripe_points_payment')
@Index('IDX_stripe_points_payment_member', ['memberId'])
export class StripePointsEarning {
  @PrimaryColumn({ type: 'varchar', length: 191 })
  paymentIntentId: string;

  @Column({ type: 'int' })
  memberId: number;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ type: 'int' })
  amountMinor: number;

  @Column({ type: 'int' })
  pointsEarned: number;

  @Column({ type: 'int', default: 0 })
  refundedMinor: number;

  @Column({ type: 'int', default: 0 })
  pointsReversed: number;

  /** Points a refund should have taken back but the member had already spent (forgiven). */
  @Column({ type: 'int', default: 0 })
  pointsUncollected: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
