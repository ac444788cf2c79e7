import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A product of the shared catalog: orders resolve their lines' category here (earning rules target
 * categories and SKUs) and recommendations use category, attributes and the sustainable flag.
 */
@Entity('product')
@Index('IDX_product_category', ['category'])
@ObjectType({ description: 'A product in the shared catalog' })
export class Product {
  @PrimaryGeneratedColumn()
  @Field(() => ID)
  id: number;

  @Index('UQ_product_sku', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  @Field()
  sku: string;

  @Column({ type: 'varchar', length: 200 })
  @Field()
  title: string;

  @Column({ type: 'varchar', length: 64 })
  @Field({ description: 'Lower-case slug, e.g. coffee, apparel/shoes' })
  category: string;

  /** Name → value pairs (colour, brand, material...), JSON text. */
  @Column({ type: 'text' })
  attributesJson: string;

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'List price in minor units' })
  priceMinor: number;

  @Column({ type: 'varchar', length: 3 })
  @Field()
  currency: string;

  @Column({ type: 'boolean', default: false })
  @Field({ description: 'Eco-friendly product: rules and recommendations can favour it' })
  sustainable: boolean;

  @Column({ type: 'boolean', default: true })
  @Field()
  active: boolean;

  @Column({ type: 'datetime', precision: 3 })
  @Field()
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  @Field()
  updatedAt: Date;
}
