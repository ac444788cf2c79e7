import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The recommender's derived tables, rebuilt from orders by the recompute job (never edited by hand):
 * what each member bought, co-buyer counts per product pair, distinct buyers per product, each
 * product's top neighbours (what requests read), and the job's watermark.
 */
@Entity('rec_member_product')
@Index('IDX_rec_member_product_product', ['productId'])
export class MemberProduct {
  @PrimaryColumn({ type: 'int' })
  memberId: number;

  @PrimaryColumn({ type: 'int' })
  productId: number;

  @Column({ type: 'int' })
  purchases: number;

  @Column({ type: 'datetime', precision: 3 })
  firstPurchasedAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  lastPurchasedAt: Date;
}

@Entity('rec_product_pair')
export class ProductPair {
  @PrimaryColumn({ type: 'int' })
  productId: number;

  @PrimaryColumn({ type: 'int' })
  otherProductId: number;

  /** Distinct members who bought both. */
  @Column({ type: 'int' })
  members: number;
}

@Entity('rec_product_stats')
@Index('IDX_rec_product_stats_buyers', ['buyers'])
@Index('IDX_rec_product_stats_refresh', ['refreshDue', 'productId'])
export class ProductStats {
  @PrimaryColumn({ type: 'int' })
  productId: number;

  @Column({ type: 'int' })
  buyers: number;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;

  /** Counts changed since its neighbour list was last computed (set with the counts, cleared by the refresh). */
  @Column({ type: 'boolean', default: false })
  refreshDue: boolean;
}

@Entity('rec_product_neighbour')
export class ProductNeighbour {
  @PrimaryColumn({ type: 'int' })
  productId: number;

  @PrimaryColumn({ type: 'int' })
  neighbourId: number;

  @Column({ type: 'double' })
  score: number;

  @Column({ type: 'int' })
  coBuyers: number;
}

@Entity('rec_model_state')
export class ModelState {
  @PrimaryColumn({ type: 'int' })
  id: number;

  /** Orders up to this id are counted. */
  @Column({ type: 'int' })
  lastOrderId: number;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  updatedAt: Date | null;
}
