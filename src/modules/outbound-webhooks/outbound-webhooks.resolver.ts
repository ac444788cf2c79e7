import {
  Arg,
  Args,
  Authorized,
  Ctx,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  FieldResolver,
  Root,
} from 'type-graphql';
import { parseId } from '../../common/ids';
import { ConnectionArgs, connectionComplexity, decodeCursor, toConnection } from '../../graphql/connection';
import type { GraphQLContext } from '../../graphql/context';
import { OutboundWebhookDeliveryStatus, OutboundWebhookDelivery } from './outbound-webhook-delivery.entity';
import { OutboundWebhookEndpoint } from './outbound-webhook-endpoint.entity';
import {
  CreateOutboundWebhookEndpointInput,
  OutboundWebhookDeliveryConnection,
  OutboundWebhookEndpointWithSecret,
  OutboundWebhookFilter,
  ReplayOutboundWebhookDeliveriesInput,
  RotateOutboundWebhookSecretInput,
  UpdateOutboundWebhookEndpointInput,
} from './outbound-webhook.inputs';
import type { OutboundWebhooksService } from './outbound-webhooks.service';

const endpointId = (id: string, field = 'id') => parseId(id, field, 'an outbound webhook endpoint id');

/** Admin API of outbound webhooks: thin, the rules live in OutboundWebhooksService. */
@Resolver(() => OutboundWebhookEndpoint)
export class OutboundWebhooksResolver {
  constructor(private readonly service: OutboundWebhooksService) {}

  @Authorized('admin')
  @Query(() => [OutboundWebhookEndpoint], { description: 'Partner endpoints that receive activity events' })
  outboundWebhookEndpoints(): Promise<OutboundWebhookEndpoint[]> {
    return this.service.list();
  }

  @Authorized('admin')
  @Query(() => OutboundWebhookEndpoint, { description: 'One partner endpoint (NOT_FOUND when absent)' })
  outboundWebhookEndpoint(@Arg('id', () => ID) id: string): Promise<OutboundWebhookEndpoint> {
    return this.service.get(endpointId(id));
  }

  @Authorized('admin')
  @Query(() => OutboundWebhookDeliveryConnection, {
    complexity: connectionComplexity,
    description: 'The delivery log, newest first: status, attempts, last response code',
  })
  async outboundWebhookDeliveries(
    @Args(() => ConnectionArgs) { first, after }: ConnectionArgs,
    @Arg('endpointId', () => ID, { nullable: true }) endpoint: string | null,
    @Arg('status', () => OutboundWebhookDeliveryStatus, { nullable: true })
    status: OutboundWebhookDeliveryStatus | null,
  ) {
    const rows = await this.service.deliveries(
      { endpointId: endpoint ? endpointId(endpoint, 'endpointId') : undefined, status },
      decodeCursor('outbound-delivery', after),
      first + 1,
    );
    return toConnection('outbound-delivery', rows, first);
  }

  @Authorized('admin')
  @Mutation(() => OutboundWebhookEndpointWithSecret, {
    description: 'Registers an endpoint; its secret is shown once (audited)',
  })
  createOutboundWebhookEndpoint(
    @Arg('input') input: CreateOutboundWebhookEndpointInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return this.service.create(ctx, input);
  }

  @Authorized('admin')
  @Mutation(() => OutboundWebhookEndpoint, {
    description: 'Changes URL, event types, filter or description (audited)',
  })
  updateOutboundWebhookEndpoint(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateOutboundWebhookEndpointInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return this.service.update(ctx, endpointId(id), input);
  }

  @Authorized('admin')
  @Mutation(() => Boolean, { description: 'Removes an endpoint and its delivery log (audited)' })
  deleteOutboundWebhookEndpoint(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return this.service.remove(ctx, endpointId(id));
  }

  @Authorized('admin')
  @Mutation(() => OutboundWebhookEndpoint, {
    description: 'Stops deliveries (they queue up) until resumed (audited)',
  })
  pauseOutboundWebhookEndpoint(
    @Arg('id', () => ID) id: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: GraphQLContext,
  ) {
    return this.service.pause(ctx, endpointId(id), reason.slice(0, 400));
  }

  @Authorized('admin')
  @Mutation(() => OutboundWebhookEndpoint, { description: 'Delivers again, oldest waiting first (audited)' })
  resumeOutboundWebhookEndpoint(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return this.service.resume(ctx, endpointId(id));
  }

  @Authorized('admin')
  @Mutation(() => OutboundWebhookEndpointWithSecret, {
    description: 'New signing secret, shown once; the old one also signs during the grace period (audited)',
  })
  rotateOutboundWebhookSecret(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => RotateOutboundWebhookSecretInput, { nullable: true })
    input: RotateOutboundWebhookSecretInput | null,
    @Ctx() ctx: GraphQLContext,
  ) {
    return this.service.rotateSecret(ctx, endpointId(id), input ?? { gracePeriodHours: 24 });
  }

  @Authorized('admin')
  @Mutation(() => OutboundWebhookDelivery, {
    description: 'Sends one delivery again, with a fresh round of attempts (audited)',
  })
  replayOutboundWebhookDelivery(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return this.service.replayOne(ctx, parseId(id, 'id', 'an outbound webhook delivery id'));
  }

  @Authorized('admin')
  @Mutation(() => Int, {
    description: "Sends an endpoint's deliveries of a period (and status) again; how many (audited)",
  })
  replayOutboundWebhookDeliveries(
    @Arg('input') input: ReplayOutboundWebhookDeliveriesInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return this.service.replayRange(ctx, endpointId(input.endpointId, 'input.endpointId'), input);
  }

  @FieldResolver(() => [String])
  eventTypes(@Root() endpoint: OutboundWebhookEndpoint): string[] {
    return JSON.parse(endpoint.eventTypesJson) as string[];
  }

  @FieldResolver(() => OutboundWebhookFilter)
  filter(@Root() endpoint: OutboundWebhookEndpoint): OutboundWebhookFilter {
    return JSON.parse(endpoint.filterJson) as OutboundWebhookFilter;
  }
}
