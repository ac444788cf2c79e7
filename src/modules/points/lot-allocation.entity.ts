import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Which lots a spend, hold, reversal or expiry took its points from. Giving points back (a cancelled
 * redemption, a released hold, a refunded points payment) returns them to the same lots, with their
 * original expiry, and `returned` says how much has come back already.
 */
@Entity('lot_allocation')
@Index('IDX_lot_allocation_entry', ['entryId'])
@Index('IDX_lot_allocation_hold', ['holdId'])
export class LotAllocation {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int', nullable: true })
  entryId: number | null;

  @Column({ type: 'int', nullable: true })
  holdId: number | null;

  @Column({ type: 'int' })
  lotId: number;

  @Column({ type: 'int' })
  points: number;

  @Column({ type: 'int', default: 0 })
  returned: number;
}
