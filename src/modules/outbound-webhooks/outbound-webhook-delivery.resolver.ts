import { FieldResolver, Resolver, Root } from 'type-graphql';
import { OutboundWebhookDelivery, OutboundWebhookDeliveryStatus } from './outbound-webhook-delivery.entity';
import { CLEARED_BODY } from './outbound-webhooks.repository';

/** Fields of a logged delivery that are worked out, not stored. */
@Resolver(() => OutboundWebhookDelivery)
export class OutboundWebhookDeliveryResolver {
  @FieldResolver(() => Boolean, {
    description:
      'Whether an admin can replay it: not being sent, not cancelled, and its body not cleared (erasure, retention)',
  })
  replayable(@Root() delivery: OutboundWebhookDelivery): boolean {
    return (
      delivery.body !== CLEARED_BODY &&
      delivery.status !== OutboundWebhookDeliveryStatus.SENDING &&
      delivery.status !== OutboundWebhookDeliveryStatus.CANCELLED
    );
  }
}
