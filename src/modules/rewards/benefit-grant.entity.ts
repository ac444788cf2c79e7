import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { BenefitKind } from './reward.enums';

/**
 * The proof that a benefit was granted to a member for a period (`2026` for a birthday, `2026-11` for
 * a member day). Inserted in the same transaction as the points and coupons, and unique, so a second
 * job run (or a second instance) grants nothing twice.
 */
@Entity('benefit_grant')
@Index('UQ_benefit_grant_member_benefit_period', ['memberId', 'benefit', 'period'], { unique: true })
export class BenefitGrant {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  memberId: number;

  @Column({ type: 'varchar', length: 16 })
  benefit: BenefitKind;

  @Column({ type: 'varchar', length: 16 })
  period: string;

  @Column({ type: 'datetime', precision: 3 })
  grantedAt: Date;
}
