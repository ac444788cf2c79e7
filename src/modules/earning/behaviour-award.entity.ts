import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Member } from '../members';
import { Behaviour } from './behaviour';
import { EarningRule } from './earning-rule.entity';

/**
 * One award decision per member, behaviour and reference (unique), so a reference never pays twice:
 * a repeat reads this row back. Capped awards are recorded too (points 0, no ledger entry): the cap
 * decision for that reference is final. Caps count the member's earlier rows with points > 0.
 */
@Entity('behaviour_award')
@Index('UQ_behaviour_award_member_behaviour_reference', ['memberId', 'behaviour', 'reference'], {
  unique: true,
})
@Index('IDX_behaviour_award_member_behaviour_awarded', ['memberId', 'behaviour', 'awardedAt'])
export class BehaviourAwardRecord {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  memberId: number;

  /** Declared for the foreign key only; never loaded. */
  @ManyToOne(() => Member, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'memberId', foreignKeyConstraintName: 'FK_behaviour_award_member' })
  member?: Member;

  @Column({ type: 'varchar', length: 32 })
  behaviour: Behaviour;

  /** The first rule that paid (or, when capped, the first capped rule); the explanation lists all. */
  @Index('IDX_behaviour_award_rule')
  @Column({ type: 'int', nullable: true })
  ruleId: number | null;

  /** Declared for the foreign key only; never loaded. */
  @ManyToOne(() => EarningRule, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'ruleId', foreignKeyConstraintName: 'FK_behaviour_award_rule' })
  rule?: EarningRule;

  @Column({ type: 'int', nullable: true })
  ruleVersion: number | null;

  @Column({ type: 'varchar', length: 191 })
  reference: string;

  @Column({ type: 'int' })
  points: number;

  @Column({ type: 'boolean', default: false })
  capped: boolean;

  @Column({ type: 'int', nullable: true })
  ledgerEntryId: number | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  channel: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  storeId: string | null;

  @Column({ type: 'datetime', precision: 3 })
  awardedAt: Date;
}
