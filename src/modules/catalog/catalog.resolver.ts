import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, connectionComplexity, decodeCursor, toConnection } from '../../graphql/connection';
import type { GraphQLContext } from '../../graphql/context';
import { productAttributes, type CatalogService } from './catalog.service';
import { Product } from './product.entity';
import { ProductAttribute, ProductConnection, ProductFilter, UpsertProductInput } from './product.types';

@Resolver(() => Product)
export class CatalogResolver {
  constructor(private readonly catalog: CatalogService) {}

  @Authorized('member', 'staff', 'admin')
  @Query(() => Product)
  product(@Arg('sku') sku: string): Promise<Product> {
    return this.catalog.bySku(sku);
  }

  @Authorized('member', 'staff', 'admin')
  @Query(() => ProductConnection, { complexity: connectionComplexity })
  async products(
    @Args(() => ConnectionArgs) { first, after }: ConnectionArgs,
    @Arg('filter', () => ProductFilter, { nullable: true }) filter: ProductFilter | null,
  ) {
    const rows = await this.catalog.page(filter ?? {}, decodeCursor('product', after), first + 1);
    return toConnection('product', rows, first);
  }

  @Authorized('admin')
  @Mutation(() => Product, { description: 'Create a product, or update the one with this SKU (audited)' })
  upsertProduct(@Arg('input') input: UpsertProductInput, @Ctx() ctx: GraphQLContext): Promise<Product> {
    return this.catalog.upsert(ctx, input);
  }

  @FieldResolver(() => [ProductAttribute])
  attributes(@Root() product: Product): ProductAttribute[] {
    return productAttributes(product);
  }
}
