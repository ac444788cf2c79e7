import {
  parseJsonLossless,
  webhookError,
  type InboundWebhookRequest,
  type WebhookAcceptance,
} from '@loyalty-bff/plugin-sdk';
import { DEFAULT_TOLERANCE_SECONDS, type StripePointsOptions } from './stripe-points.options';
import { verifyStripeSignature } from './stripe-signature';

export const STRIPE_EVENT_TYPES = [
  'payment_intent.succeeded',
  'payment_intent.canceled',
  'charge.refunded',
] as const;
export type StripeEventType = (typeof STRIPE_EVENT_TYPES)[number];

/**
 * Before anything is written: the signature and its age (401), a JSON event with an `evt_` id and a
 * data object (400), a type the connector handles (400). The event id is the dedupe key: Stripe
 * retries an event with the same id.
 */
export function acceptStripeEvent(
  request: InboundWebhookRequest,
  options: StripePointsOptions,
): WebhookAcceptance {
  verifyStripeSignature(
    request.headers['stripe-signature'],
    request.rawBody,
    options.webhookSecret,
    options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
    request.receivedAt,
  );
  let event: { id?: unknown; type?: unknown; data?: { object?: unknown } };
  try {
    event = parseJsonLossless(request.rawBody.toString('utf8')) as typeof event;
  } catch {
    throw webhookError(400, 'The body is not JSON');
  }
  if (
    typeof event !== 'object' ||
    event === null ||
    typeof event.id !== 'string' ||
    !event.id.startsWith('evt_')
  ) {
    throw webhookError(400, 'Not a Stripe event: no evt_ id');
  }
  if (typeof event.data?.object !== 'object' || event.data.object === null) {
    throw webhookError(400, 'The event has no data.object');
  }
  const type = String(event.type);
  if (!(STRIPE_EVENT_TYPES as readonly string[]).includes(type)) {
    throw webhookError(
      400,
      `Unknown event type ${type}: this connector handles ${STRIPE_EVENT_TYPES.join(', ')}`,
    );
  }
  return { kind: 'delivery', deliveryId: event.id, topic: type };
}
