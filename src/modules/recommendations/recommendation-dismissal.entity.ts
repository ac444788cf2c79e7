import { registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum RecommendationItemType {
  PRODUCT = 'PRODUCT',
  REWARD = 'REWARD',
}

registerEnumType(RecommendationItemType, { name: 'RecommendationItemType' });

/** "Not for me": a dismissed product or reward is never recommended to this member again. */
@Entity('recommendation_dismissal')
@Index('UQ_recommendation_dismissal_item', ['memberId', 'itemType', 'itemId'], { unique: true })
export class RecommendationDismissal {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  memberId: number;

  @Column({ type: 'varchar', length: 16 })
  itemType: RecommendationItemType;

  @Column({ type: 'int' })
  itemId: number;

  @Column({ type: 'datetime', precision: 3 })
  dismissedAt: Date;
}
