import { createHmac, randomUUID } from 'node:crypto';

/** HMAC-SHA256 of the raw body with the shared secret, as most platforms sign their webhooks. */
export function hmacSignature(secret: string, body: string, encoding: 'base64' | 'hex' = 'base64'): string {
  return createHmac('sha256', secret).update(body).digest(encoding);
}

/**
 * Headers exactly as Shopify sends them: the five its validator requires, the HMAC of the raw body with
 * the app's client secret, and the optional trigger time.
 */
export function shopifyHeaders(input: {
  body: string;
  secret: string;
  topic: string;
  shopDomain?: string;
  webhookId?: string;
  triggeredAt: Date;
  apiVersion?: string;
}): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-shopify-topic': input.topic,
    'x-shopify-hmac-sha256': hmacSignature(input.secret, input.body),
    'x-shopify-shop-domain': input.shopDomain ?? 'test-shop.myshopify.com',
    'x-shopify-api-version': input.apiVersion ?? '2025-07',
    'x-shopify-webhook-id': input.webhookId ?? randomUUID(),
    'x-shopify-triggered-at': input.triggeredAt.toISOString(),
    'x-shopify-event-id': randomUUID(),
  };
}

/** Headers exactly as WooCommerce sends them: topic, resource, event, ids and the body's HMAC. */
export function wooCommerceHeaders(input: {
  body: string;
  secret: string;
  topic: string;
  deliveryId?: string;
  webhookId?: string;
}): Record<string, string> {
  const [resource, event] = input.topic.split('.');
  return {
    'content-type': 'application/json',
    'x-wc-webhook-source': 'https://shop.example.com/',
    'x-wc-webhook-topic': input.topic,
    'x-wc-webhook-resource': resource,
    'x-wc-webhook-event': event,
    'x-wc-webhook-signature': hmacSignature(input.secret, input.body),
    'x-wc-webhook-id': input.webhookId ?? '7',
    'x-wc-webhook-delivery-id': input.deliveryId ?? randomUUID(),
  };
}
