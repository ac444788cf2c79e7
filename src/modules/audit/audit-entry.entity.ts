import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';

/**
 * One audited change: who did what to which record, when, and the record before and after.
 * Written in the same transaction as the change it describes, so it can never disagree with the data.
 */
@Entity('audit_entry')
@Index('IDX_audit_entry_target', ['targetType', 'targetId'])
@ObjectType({ description: 'An audited write or privacy operation' })
export class AuditEntry {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Column({ type: 'varchar', length: 16 })
  @Field({ description: 'member, staff, admin, partner or system' })
  actorRole: string;

  @Column({ type: 'varchar', length: 128 })
  @Field({ description: 'Token subject of the actor' })
  actorId: string;

  @Column({ type: 'varchar', length: 64 })
  @Field({ description: 'What was done, e.g. member.update, member.merge, member.erase' })
  action: string;

  @Column({ type: 'varchar', length: 32 })
  @Field()
  targetType: string;

  @Column({ type: 'varchar', length: 64 })
  @Field()
  targetId: string;

  @Column({ type: 'text', nullable: true })
  beforeJson: string | null;

  @Column({ type: 'text', nullable: true })
  afterJson: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  @Field(() => String, { nullable: true })
  requestId: string | null;

  @Index('IDX_audit_entry_created_at')
  @Column({ type: 'datetime', precision: 3 })
  @Field()
  createdAt: Date;

  @Field(() => GraphQLJSON, { nullable: true, description: 'The record before the change' })
  get before(): unknown {
    return this.beforeJson === null ? null : JSON.parse(this.beforeJson);
  }

  @Field(() => GraphQLJSON, { nullable: true, description: 'The record after the change' })
  get after(): unknown {
    return this.afterJson === null ? null : JSON.parse(this.afterJson);
  }
}
