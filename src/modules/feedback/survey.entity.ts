import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A survey as data: which measures it asks (NPS 0-10, CSAT 1-5, CES 1-7, a free-text suggestion).
 * A response may answer only what its survey asks; post-purchase surveys are answered per order.
 */
@Entity('survey')
@ObjectType({ description: 'A satisfaction survey: the measures it asks' })
export class Survey {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Index('UQ_survey_code', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  @Field({ description: 'Stable business key, e.g. POST-PURCHASE-NPS' })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  @Field()
  title: string;

  @Column({ type: 'boolean', default: false })
  @Field({ description: 'Asks "how likely are you to recommend us" (0-10)' })
  asksNps: boolean;

  @Column({ type: 'boolean', default: false })
  @Field({ description: 'Asks satisfaction on 1-5' })
  asksCsat: boolean;

  @Column({ type: 'boolean', default: false })
  @Field({ description: 'Asks customer effort on 1-7' })
  asksCes: boolean;

  @Column({ type: 'boolean', default: false })
  @Field({ description: 'Asks for a free-text suggestion' })
  asksSuggestion: boolean;

  @Column({ type: 'boolean', default: true })
  @Field({ description: 'Inactive surveys accept no new responses' })
  active: boolean;

  @Column({ type: 'datetime', precision: 3 })
  @Field()
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  @Field()
  updatedAt: Date;
}
