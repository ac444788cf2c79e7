import {
  hmacSha256Base64,
  signaturesMatch,
  webhookError,
  type InboundWebhookRequest,
  type WebhookAcceptance,
} from '@loyalty-bff/plugin-sdk';
import type { WooCommerceOptions } from './woocommerce.options';

export const WOOCOMMERCE_TOPICS = [
  'order.created',
  'order.updated',
  'customer.created',
  'customer.updated',
  'product.created',
  'product.updated',
] as const;

/**
 * Checks a WooCommerce delivery before anything is written. The ping WooCommerce sends when a webhook
 * is created (`webhook_id=<id>` as a form body) is answered 200 and stored nowhere. Otherwise: the
 * HMAC over the raw body (401), topic and delivery id headers (400), a JSON body (400), a topic the
 * connector handles (400), a body of that topic's resource (400: the topic is not signed). WooCommerce signs no timestamp, so there is no staleness check: the
 * delivery id is the replay defence. The dedupe key is X-WC-Webhook-Delivery-ID.
 */
export function acceptWooCommerceDelivery(
  request: InboundWebhookRequest,
  options: WooCommerceOptions,
): WebhookAcceptance {
  const h = request.headers;
  const text = request.rawBody.toString('utf8');
  if (/^webhook_id=\d+$/.test(text.trim())) return { kind: 'ping', message: 'webhook registered' };
  const signature = h['x-wc-webhook-signature'];
  if (!signature) throw webhookError(401, 'X-WC-Webhook-Signature is missing');
  if (!signaturesMatch(hmacSha256Base64(options.webhookSecret, request.rawBody), signature)) {
    throw webhookError(401, 'The HMAC signature does not match the body');
  }
  for (const header of ['x-wc-webhook-topic', 'x-wc-webhook-delivery-id']) {
    if (!h[header]) throw webhookError(400, `${header} is missing`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw webhookError(400, 'The body is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw webhookError(400, 'The body must be a JSON object');
  const topic = h['x-wc-webhook-topic']!;
  if (!(WOOCOMMERCE_TOPICS as readonly string[]).includes(topic)) {
    throw webhookError(
      400,
      `Unknown topic ${topic}: this connector handles ${WOOCOMMERCE_TOPICS.join(', ')}`,
    );
  }
  const problem = shapeProblem(topic, body as Record<string, unknown>);
  if (problem) throw webhookError(400, `Not a ${topic} body: ${problem}`);
  return { kind: 'delivery', deliveryId: h['x-wc-webhook-delivery-id']!, topic };
}

/**
 * X-WC-Webhook-Topic is not signed: a signed order re-sent as customer.updated would register its
 * order id as a customer. Each resource must look like itself (orders have `line_items`, products
 * `price` and no `line_items`, customers neither).
 */
function shapeProblem(topic: string, body: Record<string, unknown>): string | null {
  if (!Number.isInteger(body.id)) return 'it needs an integer id';
  const resource = topic.split('.')[0];
  if (resource === 'order') {
    return Array.isArray(body.line_items) &&
      typeof body.currency === 'string' &&
      typeof body.status === 'string'
      ? null
      : 'an order needs line_items, currency and status';
  }
  if ('line_items' in body || 'refunds' in body) return `a ${resource} has no line_items`;
  if (resource === 'product')
    return typeof body.name === 'string' && 'price' in body ? null : 'a product needs name and price';
  return 'price' in body || 'customer_id' in body ? 'a customer has no price or customer_id' : null;
}
