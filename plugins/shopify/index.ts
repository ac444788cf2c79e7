import { definePlugin } from '@loyalty-bff/plugin-sdk';
import { handleShopifyDelivery } from './shopify.handlers';
import { ShopifyOptions } from './shopify.options';
import { acceptShopifyDelivery } from './shopify.webhook';

/**
 * Shopify connector: webhooks at /webhooks/shopify (EXTERNAL.md: HMAC over the raw body, int64 ids
 * as strings, decimal money). Orders earn, cancellations and refunds reverse, customers link, the
 * product feed fills the catalog, redact requests erase.
 */
export default definePlugin<ShopifyOptions>({
  name: 'shopify',
  version: '1.0.0',
  core: '^0.1.0',
  kind: 'ecommerce',
  description: 'Shopify orders, refunds, customers and products',
  permissions: [
    'members:read',
    'members:write',
    'members:link',
    'members:erase',
    'orders:read',
    'orders:write',
    'catalog:write',
    'activity:publish',
  ],
  options: ShopifyOptions,
  webhooks: [{ path: '', accept: acceptShopifyDelivery, handle: handleShopifyDelivery }],
  async health(ctx) {
    // Webhooks are push-only: the connector is healthy when it can verify them.
    return ctx.options.clientSecret
      ? { ok: true, message: 'ready for webhooks' }
      : { ok: false, message: 'no client secret' };
  },
});
