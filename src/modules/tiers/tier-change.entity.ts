import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Member } from '../members';
import { Tier } from './tier.entity';
import { Field, ID, ObjectType } from 'type-graphql';
import { TierChangeReason } from './tier.enums';
import { QualificationFigures } from './tier.types';

/** Append-only history of tier changes and review outcomes, for staff and export. */
@Entity('tier_change')
@Index('IDX_tier_change_member', ['memberId', 'id'])
@ObjectType({ description: "One change (or review outcome) of a member's tier" })
export class TierChange {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Column({ type: 'int' })
  memberId: number;

  /** Declared for the foreign keys only; code reads members and tiers through loaders. */
  @ManyToOne(() => Member, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'memberId', foreignKeyConstraintName: 'FK_tier_change_member' })
  member?: Member;

  /** Null when the member came from the implicit entry tier. */
  @Index('IDX_tier_change_from_tier')
  @Column({ type: 'int', nullable: true })
  fromTierId: number | null;

  @Index('IDX_tier_change_to_tier')
  @Column({ type: 'int' })
  toTierId: number;

  @ManyToOne(() => Tier, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'fromTierId', foreignKeyConstraintName: 'FK_tier_change_from_tier' })
  fromTier?: Tier;

  @ManyToOne(() => Tier, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'toTierId', foreignKeyConstraintName: 'FK_tier_change_to_tier' })
  toTier?: Tier;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => TierChangeReason)
  reason: TierChangeReason;

  @Column({ type: 'text', nullable: true })
  figuresJson: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'Why staff assigned or released a tier' })
  note: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'Staff subject for manual changes; null for automatic ones',
  })
  changedBy: string | null;

  @Column({ type: 'datetime', precision: 3 })
  @Field()
  at: Date;

  @Field(() => QualificationFigures, { nullable: true, description: 'The figures the decision saw' })
  get figures(): QualificationFigures | null {
    return this.figuresJson === null ? null : (JSON.parse(this.figuresJson) as QualificationFigures);
  }
}
