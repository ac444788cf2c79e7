import { Column, Entity, PrimaryColumn } from 'typeorm';
import { NonNegativeChecks } from '../../data/non-negative-checks';

/**
 * The cached balance of one member, changed only in the same transaction as the ledger entries that
 * explain it, and only by conditional updates (`... WHERE available >= :n`), so it can never go
 * negative and always equals the sum of the entries' deltas. CHECK constraints back that up.
 */
@Entity('points_account')
@NonNegativeChecks('points_account', ['available', 'pending', 'held', 'debt'])
export class PointsAccount {
  @PrimaryColumn({ type: 'int' })
  memberId: number;

  /** Spendable now. */
  @Column({ type: 'int', default: 0 })
  available: number;

  /** Earned but waiting for the return window to close. */
  @Column({ type: 'int', default: 0 })
  pending: number;

  /** Reserved by open holds (pay with points, partner transfers). */
  @Column({ type: 'int', default: 0 })
  held: number;

  /** Points a refund could not take back (policy CARRY_AS_DEBT); the next earnings pay it off first. */
  @Column({ type: 'int', default: 0 })
  debt: number;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
