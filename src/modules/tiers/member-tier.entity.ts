import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Member } from '../members';
import { Tier } from './tier.entity';

/**
 * A member's tier. No row means the entry tier (rank 0), so a million new members cost no rows.
 * `reviewAt` is the next periodic review (null on the entry tier, which cannot go lower); while
 * `graceUntil` is set the member is below the tier and keeps it until then.
 */
@Entity('member_tier')
@Index('IDX_member_tier_review', ['manual', 'reviewAt'])
export class MemberTierRow {
  @PrimaryColumn({ type: 'int' })
  memberId: number;

  /** Declared for the foreign key only; code reads members and tiers through loaders. */
  @ManyToOne(() => Member, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'memberId', foreignKeyConstraintName: 'FK_member_tier_member' })
  member?: Member;

  @Index('IDX_member_tier_tier')
  @Column({ type: 'int' })
  tierId: number;

  @ManyToOne(() => Tier, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'tierId', foreignKeyConstraintName: 'FK_member_tier_tier' })
  tier?: Tier;

  @Column({ type: 'datetime', precision: 3 })
  achievedAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  reviewAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  graceUntil: Date | null;

  /** A manual assignment: no automatic change until released. */
  @Column({ type: 'boolean', default: false })
  manual: boolean;

  @Column({ type: 'varchar', length: 500, nullable: true })
  manualReason: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  assignedBy: string | null;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
