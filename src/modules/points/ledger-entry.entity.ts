import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { LedgerEntryType, PointsSourceKind } from './points.enums';

/**
 * One append-only line of a member's points ledger. The three deltas say what it did to the account
 * (available, pending, held); their sums over all entries are the account. Never updated or deleted:
 * a mistake is corrected by another entry.
 */
@Entity('ledger_entry')
@Index('IDX_ledger_entry_member', ['memberId', 'id'])
@Index('IDX_ledger_entry_order', ['orderId'])
@Index('IDX_ledger_entry_created_type', ['createdAt', 'type'])
@ObjectType({ description: 'One line of the points ledger: what changed, why, and the arithmetic' })
export class LedgerEntry {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Column({ type: 'int' })
  memberId: number;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => LedgerEntryType)
  type: LedgerEntryType;

  /** Change of the member's total (available + pending + held): what the member sees in a statement. */
  @Column({ type: 'int' })
  @Field(() => Int, { description: "Change of the member's total points (available + pending + held)" })
  points: number;

  @Column({ type: 'int', default: 0 })
  @Field(() => Int, { description: 'Change of the spendable balance' })
  availableDelta: number;

  @Column({ type: 'int', default: 0 })
  @Field(() => Int, { description: 'Change of pending points' })
  pendingDelta: number;

  @Column({ type: 'int', default: 0 })
  @Field(() => Int, { description: 'Change of held points' })
  heldDelta: number;

  /** Available balance right after this entry. */
  @Column({ type: 'int' })
  @Field(() => Int, { description: 'Spendable balance right after this entry' })
  availableAfter: number;

  /** Part of a reversal that could not be taken back (forgiven or carried as debt, per policy). */
  @Column({ type: 'int', default: 0 })
  @Field(() => Int, { description: 'Part of a reversal that could not be taken back (already spent)' })
  uncollected: number;

  @Column({ type: 'varchar', length: 16 })
  sourceKind: PointsSourceKind;

  @Column({ type: 'varchar', length: 32, nullable: true })
  sourceChannel: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  sourcePlugin: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  sourceStaffUserId: string | null;

  @Column({ type: 'varchar', length: 191, nullable: true })
  sourceReference: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  storeId: string | null;

  @Column({ type: 'varchar', length: 255 })
  @Field()
  reason: string;

  @Column({ type: 'varchar', length: 191, nullable: true })
  idempotencyKey: string | null;

  @Column({ type: 'int', nullable: true })
  orderId: number | null;

  @Column({ type: 'int', nullable: true })
  holdId: number | null;

  @Column({ type: 'int', nullable: true })
  ruleId: number | null;

  /** The SPEND entry this REVERSE gives back (at most one per spend). */
  @Index('UQ_ledger_entry_reverses', { unique: true })
  @Column({ type: 'int', nullable: true })
  reversesEntryId: number | null;

  @Column({ type: 'text' })
  explanationJson: string;

  @Column({ type: 'datetime', precision: 3 })
  @Field()
  createdAt: Date;
}
