import {
  hmacSha256Base64,
  parseJsonLossless,
  signaturesMatch,
  webhookError,
  type InboundWebhookRequest,
  type WebhookAcceptance,
} from '@loyalty-bff/plugin-sdk';
import type { ShopifyOptions } from './shopify.options';
import { shapeProblem } from './shopify.shapes';

export const SHOPIFY_TOPICS = [
  'orders/paid',
  'orders/cancelled',
  'refunds/create',
  'customers/create',
  'customers/update',
  'customers/redact',
  'customers/data_request',
  'products/create',
  'products/update',
] as const;
export type ShopifyTopic = (typeof SHOPIFY_TOPICS)[number];

/** Shopify's own validator requires all five; the HMAC one is checked first (401 without it). */
const REQUIRED_HEADERS = [
  'x-shopify-topic',
  'x-shopify-shop-domain',
  'x-shopify-api-version',
  'x-shopify-webhook-id',
];
const DEFAULT_MAX_AGE_SECONDS = 24 * 3600;
const FUTURE_SKEW_MS = 5 * 60_000;

/**
 * Checks a Shopify delivery before anything is written: the HMAC over the raw body (401), the
 * required headers (400), the shop (401), staleness by X-Shopify-Triggered-At (401), a JSON object
 * body (400), a topic the connector handles (400), a body of that topic's shape (400: the topic
 * header is not signed) and, for the topics that take points back, staleness by the body's own
 * signed time (401). The dedupe key is X-Shopify-Webhook-Id.
 */
export function acceptShopifyDelivery(
  request: InboundWebhookRequest,
  options: ShopifyOptions,
): WebhookAcceptance {
  const h = request.headers;
  const signature = h['x-shopify-hmac-sha256'];
  if (!signature) throw webhookError(401, 'X-Shopify-Hmac-Sha256 is missing');
  if (!signaturesMatch(hmacSha256Base64(options.clientSecret, request.rawBody), signature)) {
    throw webhookError(401, 'The HMAC signature does not match the body');
  }
  for (const header of REQUIRED_HEADERS) {
    if (!h[header]) throw webhookError(400, `${header} is missing`);
  }
  if (options.shopDomain && h['x-shopify-shop-domain'] !== options.shopDomain) {
    throw webhookError(401, `Deliveries from ${h['x-shopify-shop-domain']} are not accepted`);
  }
  const maxAgeMs = (options.maxDeliveryAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS) * 1000;
  const now = request.receivedAt.getTime();
  const assertFresh = (at: number, what: string) => {
    if (now - at > maxAgeMs || at - now > FUTURE_SKEW_MS) throw webhookError(401, `Stale delivery: ${what}`);
  };
  // Optional (older API versions omit it) and unsigned, so it is a hint; the signed body time below
  // is what guards the topics that take points back.
  const triggeredAt = h['x-shopify-triggered-at'];
  if (triggeredAt) {
    const at = Date.parse(triggeredAt);
    if (Number.isNaN(at)) throw webhookError(400, 'X-Shopify-Triggered-At is not a date');
    assertFresh(at, `triggered at ${triggeredAt}`);
  }
  let body: unknown;
  try {
    body = parseJsonLossless(request.rawBody.toString('utf8'));
  } catch {
    throw webhookError(400, 'The body is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw webhookError(400, 'The body must be a JSON object');
  }
  const topic = h['x-shopify-topic']!;
  if (!(SHOPIFY_TOPICS as readonly string[]).includes(topic)) {
    throw webhookError(400, `Unknown topic ${topic}: this connector handles ${SHOPIFY_TOPICS.join(', ')}`);
  }
  const problem = shapeProblem(topic as ShopifyTopic, body as Record<string, unknown>);
  if (problem) throw webhookError(400, `Not a ${topic} body: ${problem}`);
  // A cancellation or refund is only as fresh as the time inside its signed body: an old one replayed
  // under a new webhook id and a made-up X-Shopify-Triggered-At is still refused.
  const signedAt = signedTime(topic as ShopifyTopic, body as Record<string, unknown>);
  if (signedAt !== null) {
    const at = Date.parse(signedAt);
    if (Number.isNaN(at)) throw webhookError(400, `The body's time ${signedAt} is not a date`);
    assertFresh(at, `${topic} at ${signedAt}`);
  }
  return { kind: 'delivery', deliveryId: h['x-shopify-webhook-id']!, topic };
}

function signedTime(topic: ShopifyTopic, body: Record<string, unknown>): string | null {
  if (topic === 'orders/cancelled') return String(body.cancelled_at);
  if (topic === 'refunds/create' && typeof body.created_at === 'string') return body.created_at;
  return null;
}
