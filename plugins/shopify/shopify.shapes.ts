import type { ShopifyTopic } from './shopify.webhook';

type Body = Record<string, unknown>;

const isObject = (value: unknown): value is Body =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const hasId = (value: unknown) =>
  (typeof value === 'number' && Number.isInteger(value)) ||
  (typeof value === 'string' && /^\d+$/.test(value));
const present = (body: Body, key: string) => body[key] !== undefined && body[key] !== null;

/**
 * X-Shopify-Topic is not covered by the HMAC: anyone holding one validly signed body can re-send it
 * under another topic (an orders/paid body as orders/cancelled, a customer as customers/redact). So
 * each topic's body must have that topic's own shape, and the fields that tell the resources apart
 * must be absent: an order has `line_items`, a refund `order_id` + `refund_line_items`, a product
 * `variants`, a privacy request `shop_id`. Returns what is wrong, or null.
 */
export function shapeProblem(topic: ShopifyTopic, body: Body): string | null {
  switch (topic) {
    case 'orders/paid':
      return (
        orderProblem(body) ?? (present(body, 'cancelled_at') ? 'a paid order must not be cancelled' : null)
      );
    case 'orders/cancelled':
      return (
        orderProblem(body) ??
        (typeof body.cancelled_at === 'string' ? null : 'a cancelled order needs cancelled_at')
      );
    case 'refunds/create':
      if (!hasId(body.id) || !hasId(body.order_id)) return 'a refund needs id and order_id';
      if (!Array.isArray(body.refund_line_items)) return 'a refund needs refund_line_items';
      return foreign(body, ['line_items', 'variants', 'shop_id']);
    case 'customers/create':
    case 'customers/update':
      if (!hasId(body.id)) return 'a customer needs an id';
      return foreign(body, [
        'line_items',
        'refund_line_items',
        'order_id',
        'variants',
        'shop_id',
        'customer',
      ]);
    case 'customers/redact':
      return privacyProblem(body, 'orders_to_redact');
    case 'customers/data_request':
      return privacyProblem(body, 'orders_requested');
    case 'products/create':
    case 'products/update':
      if (!hasId(body.id) || typeof body.title !== 'string') return 'a product needs id and title';
      if (!Array.isArray(body.variants)) return 'a product needs variants';
      return foreign(body, ['line_items', 'refund_line_items', 'order_id', 'shop_id', 'customer']);
  }
}

function orderProblem(body: Body): string | null {
  if (!hasId(body.id)) return 'an order needs an id';
  if (!Array.isArray(body.line_items) || typeof body.currency !== 'string' || !present(body, 'total_price')) {
    return 'an order needs line_items, currency and total_price';
  }
  return foreign(body, ['refund_line_items', 'order_id', 'variants', 'shop_id']);
}

function privacyProblem(body: Body, orders: string): string | null {
  if (!hasId(body.shop_id)) return 'a privacy request needs shop_id';
  if (!isObject(body.customer) || !hasId(body.customer.id)) return 'a privacy request needs customer.id';
  if (!Array.isArray(body[orders])) return `a privacy request needs ${orders}`;
  return foreign(body, ['line_items', 'refund_line_items', 'variants']);
}

function foreign(body: Body, keys: string[]): string | null {
  const found = keys.find((key) => key in body);
  return found ? `this topic's body has no ${found}` : null;
}
