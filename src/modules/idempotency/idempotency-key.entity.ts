import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row per idempotency key and operation scope, written in the same transaction as the change it
 * protects, so a key exists exactly when its change committed. `resultJson` holds what the first call
 * answered (ids to read back), `requestHash` what it was asked, to tell a retry from a reuse.
 */
@Entity('idempotency_key')
export class IdempotencyKey {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  scope: string;

  @PrimaryColumn({ type: 'varchar', length: 191 })
  key: string;

  @Column({ type: 'varchar', length: 64 })
  requestHash: string;

  @Column({ type: 'text' })
  resultJson: string;

  /** Indexed for the retention job, which deletes the oldest keys first. */
  @Index('IDX_idempotency_key_created')
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
