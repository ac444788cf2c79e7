import { IsCurrencyCode } from '../../common/currency-code';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import {
  ArrayMaxSize,
  IsBoolean,
  IsInt,
  IsOptional,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { ConnectionType } from '../../graphql/connection';
import { Product } from './product.entity';

@ObjectType({ description: 'One attribute of a product, e.g. colour = green' })
@InputType('ProductAttributeInput')
export class ProductAttribute {
  @Field()
  @Length(1, 40)
  name: string;

  @Field()
  @Length(1, 200)
  value: string;
}

export const SKU_PATTERN = /^[A-Za-z0-9][\w.\-/]*$/;

@InputType({ description: 'Create a product or update the one with this SKU' })
export class UpsertProductInput {
  @Field()
  @Length(1, 64)
  @Matches(SKU_PATTERN, { message: 'sku may hold letters, digits and . - _ / only' })
  sku: string;

  @Field()
  @Length(1, 200)
  title: string;

  @Field()
  @Length(1, 64)
  @Matches(/^[a-z0-9][a-z0-9\-/]*$/, {
    message: 'category must be a lower-case slug such as coffee or apparel/shoes',
  })
  category: string;

  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  priceMinor: number;

  @Field()
  @IsCurrencyCode()
  currency: string;

  @Field({ defaultValue: false })
  @IsBoolean()
  sustainable: boolean;

  @Field({ defaultValue: true })
  @IsBoolean()
  active: boolean;

  @Field(() => [ProductAttribute], { defaultValue: [] })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ProductAttribute)
  attributes: ProductAttribute[];
}

@InputType()
export class ProductFilter {
  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(64)
  category?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  sustainable?: boolean;

  @Field({ nullable: true, description: 'Prefix of the title or SKU' })
  @IsOptional()
  @MaxLength(100)
  search?: string;
}

@ObjectType()
export class ProductConnection extends ConnectionType('Product', Product) {}
