import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, ObjectType } from 'type-graphql';
import { CloseReason, Gender, MemberStatus } from './member.enums';

/**
 * A member of the programme. The same class is the table row and the GraphQL type; relations
 * (channel identities, merged-into member) are resolved through per-request DataLoaders, never
 * through TypeORM relations, so a list never triggers a query per row.
 */
@Entity('member')
@Index('IDX_member_joined', ['joinedAt'])
@ObjectType({ description: 'A member of the loyalty programme' })
export class Member {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Column({ type: 'varchar', length: 16, default: MemberStatus.ACTIVE })
  @Field(() => MemberStatus)
  status: MemberStatus;

  @Index('IDX_member_first_name')
  @Column({ type: 'varchar', length: 100, nullable: true })
  @Field(() => String, { nullable: true })
  firstName: string | null;

  @Index('IDX_member_last_name')
  @Column({ type: 'varchar', length: 100, nullable: true })
  @Field(() => String, { nullable: true })
  lastName: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  @Field(() => String, { nullable: true, description: 'Calendar date, YYYY-MM-DD' })
  birthday: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  @Field(() => Gender, { nullable: true })
  gender: Gender | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  @Field(() => String, { nullable: true, description: 'Free-form region, e.g. a province or state' })
  region: string | null;

  /** Stored lower-cased; unique among members that still hold one (erasure and merge clear it). */
  @Index('UQ_member_email', { unique: true })
  @Column({ type: 'varchar', length: 254, nullable: true })
  @Field(() => String, { nullable: true })
  email: string | null;

  /** E.164; unique like email. */
  @Index('UQ_member_phone', { unique: true })
  @Column({ type: 'varchar', length: 20, nullable: true })
  @Field(() => String, { nullable: true, description: 'E.164, e.g. +4915112345678' })
  phone: string | null;

  @Column({ type: 'boolean', default: false })
  marketingConsent: boolean;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  marketingConsentUpdatedAt: Date | null;

  @Column({ type: 'boolean', default: false })
  commsEmail: boolean;

  @Column({ type: 'boolean', default: false })
  commsSms: boolean;

  @Column({ type: 'boolean', default: false })
  commsPush: boolean;

  @Column({ type: 'boolean', default: false })
  commsMail: boolean;

  @Column({ type: 'varchar', length: 32 })
  @Field({ description: 'Channel the member joined through, e.g. online-store, pos, mini-program' })
  joinChannel: string;

  @Column({ type: 'datetime', precision: 3 })
  @Field()
  joinedAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  closedAt: Date | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  closeReason: CloseReason | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  closeComment: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true })
  reactivatedAt: Date | null;

  @Column({ type: 'int', nullable: true })
  mergedIntoId: number | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true })
  erasedAt: Date | null;

  /** Set by the repository (not a database default) so both engines store the same precision. */
  @Column({ type: 'datetime', precision: 3 })
  @Field()
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  @Field()
  updatedAt: Date;
}
