import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context';
import { parseMemberId } from '../members';
import { PointsPolicy } from './points-policy.entity';
import {
  AdjustPointsInput,
  AuthorisePointsPaymentInput,
  QuotePointsPaymentInput,
  RefundPointsPaymentInput,
  UpdatePointsPolicyInput,
} from './points.inputs';
import type { Movement, PointsService } from './points.service';
import { PointsMovementPayload, PointsPaymentQuote } from './points.types';

/** Thin: roles, ids, then the service. Pay with points is the core API the payment plugin exposes. */
@Resolver()
export class PointsResolver {
  constructor(private readonly points: PointsService) {}

  @Authorized('member', 'staff', 'admin')
  @Query(() => PointsPolicy)
  pointsPolicy(): Promise<PointsPolicy> {
    return this.points.policy();
  }

  @Authorized('admin')
  @Mutation(() => PointsPolicy, {
    description: 'Change expiry, pending period, spend order, reversal policy or checkout rate',
  })
  updatePointsPolicy(
    @Arg('input') input: UpdatePointsPolicyInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<PointsPolicy> {
    return this.points.updatePolicy(ctx, input);
  }

  @Authorized('staff', 'admin')
  @Mutation(() => PointsMovementPayload, {
    description: 'Add or take points with a mandatory reason (audited, idempotent)',
  })
  async adjustPoints(@Arg('input') input: AdjustPointsInput, @Ctx() ctx: GraphQLContext): Promise<Movement> {
    return this.points.adjust(ctx, { ...input, memberId: parseMemberId(input.memberId, 'memberId') });
  }

  @Authorized('member', 'staff', 'admin')
  @Query(() => PointsPaymentQuote, { description: 'How many points paying this amount would take' })
  quotePointsPayment(@Arg('input') input: QuotePointsPaymentInput, @Ctx() ctx: GraphQLContext) {
    return this.points.quotePayment(ctx, parseMemberId(input.memberId, 'memberId'), input);
  }

  @Authorized('member', 'staff', 'admin')
  @Mutation(() => PointsMovementPayload, {
    description: 'Hold points for a payment (idempotent); released if not captured in time',
  })
  authorisePointsPayment(
    @Arg('input') input: AuthorisePointsPaymentInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Movement> {
    return this.points.authorisePayment(ctx, parseMemberId(input.memberId, 'memberId'), input);
  }

  @Authorized('staff', 'admin')
  @Mutation(() => PointsMovementPayload, {
    description: 'Spend the held points of an authorised payment (once)',
  })
  capturePointsPayment(
    @Arg('paymentReference') paymentReference: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Movement> {
    return this.points.capturePayment(ctx, paymentReference);
  }

  @Authorized('member', 'staff', 'admin')
  @Mutation(() => PointsMovementPayload, {
    description: 'Give the held points of an uncaptured payment back',
  })
  releasePointsPayment(
    @Arg('paymentReference') paymentReference: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Movement> {
    return this.points.releasePayment(ctx, paymentReference);
  }

  @Authorized('staff', 'admin')
  @Mutation(() => PointsMovementPayload, {
    description: 'Give back points of a captured payment (all or part, idempotent)',
  })
  refundPointsPayment(
    @Arg('input') input: RefundPointsPaymentInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Movement> {
    return this.points.refundPayment(ctx, input);
  }
}
