import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, connectionComplexity, decodeCursor, toConnection } from '../../graphql/connection';
import type { GraphQLContext } from '../../graphql/context';
import { parseId } from '../../common/ids';
import { Member, parseMemberId, createMemberLoaders } from '../members';
import { explanationView } from '../points';
import { OrderLine } from './order-line.entity';
import { OrderRefund } from './order-refund.entity';
import { Order } from './order.entity';
import { OrderFilter, PreviewPointsInput, RecordOrderInput, RefundOrderInput } from './order.inputs';
import { OrderConnection, PointsPreview, RefundOrderPayload } from './order.types';
import { createOrderLoaders } from './orders.loaders';
import type { OrdersService } from './orders.service';

/** Thin: roles and ids; the service does the rest. */
@Resolver(() => Order)
export class OrdersResolver {
  constructor(private readonly ordersService: OrdersService) {}

  @Authorized('member', 'staff', 'admin')
  @Query(() => Order)
  order(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<Order> {
    return this.ordersService.getById(ctx, parseId(id, 'id', 'an order id'));
  }

  @Authorized('staff', 'admin')
  @Query(() => OrderConnection, { complexity: connectionComplexity, description: 'Newest first' })
  async orders(
    @Args(() => ConnectionArgs) { first, after }: ConnectionArgs,
    @Arg('filter', () => OrderFilter, { nullable: true }) filter: OrderFilter | null,
  ) {
    const memberId = filter?.memberId ? parseMemberId(filter.memberId, 'filter.memberId') : null;
    const rows = await this.ordersService.page(
      { ...filter, memberId },
      decodeCursor('order', after),
      first + 1,
    );
    return toConnection('order', rows, first);
  }

  @Authorized('member', 'staff', 'admin')
  @Query(() => PointsPreview, {
    description: 'What a basket would earn (rules, tier, campaigns), recording nothing',
  })
  async previewPoints(
    @Arg('input') input: PreviewPointsInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<PointsPreview> {
    let memberId = input.memberId ? parseMemberId(input.memberId, 'memberId') : null;
    if (memberId === null && ctx.principal?.role === 'member') memberId = ctx.principal.memberId ?? null;
    const result = await this.ordersService.previewPoints(ctx, input, memberId);
    return { points: result.points, explanation: explanationView(result.explanation) };
  }

  @Authorized('staff', 'admin')
  @Mutation(() => Order, { description: 'Record an order; idempotent on (channel, externalOrderId)' })
  recordOrder(@Arg('input') input: RecordOrderInput, @Ctx() ctx: GraphQLContext): Promise<Order> {
    const memberId = input.memberId ? parseMemberId(input.memberId, 'memberId') : null;
    return this.ordersService.record(ctx, input, memberId);
  }

  @Authorized('staff', 'admin')
  @Mutation(() => RefundOrderPayload, {
    description: 'Refund or cancel an order; its points come back proportionally',
  })
  refundOrder(@Arg('input') input: RefundOrderInput, @Ctx() ctx: GraphQLContext) {
    return this.ordersService.refund(ctx, input);
  }

  @FieldResolver(() => [OrderLine])
  lines(@Root() order: Order, @Ctx() ctx: GraphQLContext): Promise<OrderLine[]> {
    return ctx.loaders.get(createOrderLoaders).linesByOrderId.load(order.id);
  }

  @FieldResolver(() => [OrderRefund])
  refunds(@Root() order: Order, @Ctx() ctx: GraphQLContext): Promise<OrderRefund[]> {
    return ctx.loaders.get(createOrderLoaders).refundsByOrderId.load(order.id);
  }

  @FieldResolver(() => Member, { nullable: true, description: 'Null for a guest order' })
  member(@Root() order: Order, @Ctx() ctx: GraphQLContext): Promise<Member | null> | null {
    if (order.memberId === null) return null;
    return ctx.loaders.get(createMemberLoaders).memberById.load(order.memberId);
  }
}

@Resolver(() => Member)
export class MemberOrdersResolver {
  constructor(private readonly ordersService: OrdersService) {}

  @FieldResolver(() => OrderConnection, { complexity: connectionComplexity, description: 'Newest first' })
  async orders(
    @Root() member: Member,
    @Args(() => ConnectionArgs) { first, after }: ConnectionArgs,
    @Ctx() ctx: GraphQLContext,
  ) {
    const beforeId = decodeCursor('order', after);
    const rows =
      beforeId === null
        ? await ctx.loaders
            .get(createOrderLoaders)
            .newestOrdersByMemberId(first + 1)
            .load(member.id)
        : await this.ordersService.page({ memberId: member.id }, beforeId, first + 1);
    return toConnection('order', rows, first);
  }
}
