import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Which EARN entry a REVERSE entry takes back (a refunded payment: PointsLedger.reverseEarning).
 * Partial refunds make several reversals of one earning, so this cannot be the entry's unique
 * `reversesEntryId`; and the lots a reversal took from do not say it either (it takes other points
 * once the earning's own are spent, and order refunds take from any lot). Their sum caps the next.
 */
@Entity('earning_reversal')
@Index('IDX_earning_reversal_earning', ['earnEntryId'])
export class EarningReversal {
  /** The REVERSE entry: each takes back one earning. */
  @PrimaryColumn({ type: 'int' })
  reverseEntryId: number;

  @Column({ type: 'int' })
  earnEntryId: number;
}
