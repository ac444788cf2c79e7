import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type TransferDirection = 'OUT' | 'IN';
/**
 * OUT: RESERVED (points held) → CONFIRMED (partner credited; hold captured, irreversible) or
 * REJECTED (partner refused; hold released) or FAILED (never sent: circuit open; hold released);
 * UNCONFIRMED when the partner did not answer in time: the hold stays until a retry of the same
 * transfer id gets an answer. IN: CREDITED (our points earned).
 */
export type TransferStatus = 'RESERVED' | 'UNCONFIRMED' | 'CONFIRMED' | 'REJECTED' | 'FAILED' | 'CREDITED';

@Entity('partner_exchange_transfer')
@Index('UQ_partner_exchange_transfer_external', ['partnerCode', 'direction', 'externalId'], { unique: true })
@Index('IDX_partner_exchange_transfer_member', ['memberId', 'partnerCode', 'direction', 'createdAt'])
@Index('IDX_partner_exchange_transfer_status', ['status', 'updatedAt'])
export class PartnerTransfer {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 3 })
  direction: TransferDirection;

  @Column({ type: 'varchar', length: 32 })
  partnerCode: string;

  @Column({ type: 'int' })
  memberId: number;

  /** OUT: `m<member>:<client key>`; IN: the partner's transfer id. Unique per partner and direction. */
  @Column({ type: 'varchar', length: 191 })
  externalId: string;

  /** The member's account at the partner (OUT). */
  @Column({ type: 'varchar', length: 100, nullable: true })
  partnerMemberId: string | null;

  @Column({ type: 'int' })
  ourPoints: number;

  @Column({ type: 'int' })
  partnerPoints: number;

  @Column({ type: 'varchar', length: 16 })
  status: TransferStatus;

  @Column({ type: 'int', nullable: true })
  holdId: number | null;

  @Column({ type: 'varchar', length: 191, nullable: true })
  partnerReference: string | null;

  @Column({ type: 'int', default: 0 })
  calls: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
