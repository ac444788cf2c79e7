import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('order_line')
@Index('UQ_order_line_number', ['orderId', 'lineNo'], { unique: true })
@Index('IDX_order_line_product', ['productId'])
@ObjectType({ description: 'One line of an order' })
export class OrderLine {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Column({ type: 'int' })
  orderId: number;

  @Column({ type: 'int' })
  @Field(() => Int, { description: '1-based position in the order; refunds name lines by it' })
  lineNo: number;

  @Column({ type: 'varchar', length: 64 })
  @Field()
  sku: string;

  @Column({ type: 'int', nullable: true })
  productId: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  @Field(() => String, { nullable: true })
  category: string | null;

  @Column({ type: 'int' })
  @Field(() => Int)
  quantity: number;

  @Column({ type: 'int' })
  @Field(() => Int)
  unitPriceMinor: number;

  @Column({ type: 'int', default: 0 })
  @Field(() => Int)
  discountMinor: number;

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'quantity × unit price − discount' })
  totalMinor: number;

  @Column({ type: 'int', default: 0 })
  @Field(() => Int)
  refundedQuantity: number;

  @Column({ type: 'int', default: 0 })
  @Field(() => Int)
  refundedMinor: number;
}
