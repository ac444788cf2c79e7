import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, ObjectType } from 'type-graphql';
import { CouponSource, CouponStatus } from './reward.enums';

/** A code a member shows at checkout, a till or a partner; issued by a redemption or a benefit job. */
@Entity('coupon')
@Index('IDX_coupon_member', ['memberId', 'id'])
@Index('IDX_coupon_replaces', ['replacesCouponId'])
@ObjectType({ description: 'A coupon issued to a member, with its redemption state' })
export class Coupon {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  /** Random and unguessable (80 bits): knowing one code says nothing about another. */
  @Index('UQ_coupon_code', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  @Field({ description: '16 characters; dashes and case are ignored when it is typed in' })
  code: string;

  @Column({ type: 'int' })
  memberId: number;

  @Column({ type: 'int' })
  rewardId: number;

  @Index('UQ_coupon_redemption', { unique: true })
  @Column({ type: 'int', nullable: true })
  redemptionId: number | null;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => CouponSource)
  source: CouponSource;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => CouponStatus)
  status: CouponStatus;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true, description: 'null = no expiry' })
  validUntil: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  @Field()
  issuedAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  @Field(() => Date, { nullable: true })
  usedAt: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;

  /** The coupon this one was re-issued for (that one is VOID and has lost its redemption link). */
  @Column({ type: 'int', nullable: true })
  replacesCouponId: number | null;
}
