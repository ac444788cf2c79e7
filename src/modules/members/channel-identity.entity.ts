import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, ObjectType } from 'type-graphql';
import { Member } from './member.entity';

/**
 * How one channel (a web shop, the POS, a mini-program, a payment provider...) knows a member.
 * Unique per channel, so an order from any channel resolves to exactly one member.
 */
@Entity('channel_identity')
@Index('UQ_channel_identity_channel_external_id', ['channel', 'externalId'], { unique: true })
@ObjectType({ description: "A member's id in one sales or partner channel" })
export class ChannelIdentity {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Index('IDX_channel_identity_member')
  @Column({ type: 'int' })
  memberId: number;

  /** Declared for the foreign key only; code reads the member through loaders, never this relation. */
  @ManyToOne(() => Member, { onDelete: 'RESTRICT', onUpdate: 'NO ACTION' })
  @JoinColumn({ name: 'memberId', foreignKeyConstraintName: 'FK_channel_identity_member' })
  owner?: Member;

  @Column({ type: 'varchar', length: 32 })
  @Field({ description: 'Channel key, e.g. online-store, pos, shopify, stripe' })
  channel: string;

  /** A string because platforms' ids exceed 2^53; null once erased. */
  @Column({ type: 'varchar', length: 191, nullable: true })
  @Field(() => String, {
    nullable: true,
    description: "The channel's own id for the member; null once erased",
  })
  externalId: string | null;

  @Column({ type: 'datetime', precision: 3 })
  @Field({ description: 'When this identity was linked to its current member' })
  linkedAt: Date;
}
