import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A member's own code to share with friends; created the first time it is asked for. */
@Entity('referral_code')
export class ReferralCode {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('UQ_referral_code_member', { unique: true })
  @Column({ type: 'int' })
  memberId: number;

  @Index('UQ_referral_code_code', { unique: true })
  @Column({ type: 'varchar', length: 16 })
  code: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
