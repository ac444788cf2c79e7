import { definePlugin } from '@loyalty-bff/plugin-sdk';
import { handleWooCommerceDelivery } from './woocommerce.handlers';
import { WooCommerceOptions } from './woocommerce.options';
import { acceptWooCommerceDelivery } from './woocommerce.webhook';

/**
 * WooCommerce connector: the Shopify connector's flows in WooCommerce's dialect (X-WC-Webhook-*
 * headers, base64 HMAC of the raw body, the creation ping), sharing the order mapping in
 * plugins/ecommerce-common.
 */
export default definePlugin<WooCommerceOptions>({
  name: 'woocommerce',
  version: '1.0.0',
  core: '^0.1.0',
  kind: 'ecommerce',
  description: 'WooCommerce orders, refunds, customers and products',
  permissions: [
    'members:read',
    'members:write',
    'members:link',
    'orders:read',
    'orders:write',
    'catalog:write',
  ],
  options: WooCommerceOptions,
  webhooks: [{ path: '', accept: acceptWooCommerceDelivery, handle: handleWooCommerceDelivery }],
});
