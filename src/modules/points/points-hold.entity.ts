import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { HoldStatus } from './points.enums';

/**
 * Points reserved for a payment (pay with points), a partner transfer or a redemption: taken out of
 * `available` into `held` until captured (spent) or released. A status change is a conditional update
 * (`WHERE status = 'HELD'`), so a hold can be captured or released once, never both, never twice.
 */
@Entity('points_hold')
@Index('UQ_points_hold_reference', ['purpose', 'reference'], { unique: true })
@Index('IDX_points_hold_expiry', ['status', 'expiresAt'])
@ObjectType({ description: 'Points reserved for a payment or transfer until captured or released' })
export class PointsHold {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Column({ type: 'int' })
  memberId: number;

  @Column({ type: 'int' })
  @Field(() => Int)
  points: number;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => HoldStatus)
  status: HoldStatus;

  @Column({ type: 'varchar', length: 32 })
  @Field({ description: 'What it is for, e.g. payment or partner-transfer' })
  purpose: string;

  @Column({ type: 'varchar', length: 191 })
  @Field({ description: 'The payment reference (or transfer id) it was authorised for' })
  reference: string;

  @Column({ type: 'datetime', precision: 3 })
  @Field({ description: 'An uncaptured hold releases itself at this time' })
  expiresAt: Date;

  /** Points given back after capture (refunds of a points payment). */
  @Column({ type: 'int', default: 0 })
  @Field(() => Int)
  refundedPoints: number;

  @Column({ type: 'datetime', precision: 3 })
  @Field()
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  @Field()
  updatedAt: Date;
}
