/**
 * Payloads shaped as Shopify sends them (EXTERNAL.md), written as raw JSON text so ids above 2^53 keep
 * every digit on the wire, exactly as the platform sends them.
 */
import { clock } from '@loyalty-bff/plugin-sdk';

export const SHOPIFY_SECRET = 'shpss_test_client_secret_0123456789';

/** An hour before the clock's now: the order is fresh whatever day the suite runs (points have not expired). */
const processedAt = () => new Date(clock.now().getTime() - 3_600_000).toISOString();
export const BIG_ORDER_ID = '820982911946154508';
export const BIG_CUSTOMER_ID = '115310627314723954';

export function orderJson(input: {
  orderId?: string;
  customerId?: string;
  email?: string;
  lines?: {
    id: string;
    sku: string | null;
    variantId?: string | null;
    title: string;
    quantity: number;
    price: string;
  }[];
  subtotal?: string;
  tax?: string;
  total?: string;
  test?: boolean;
  /** An ISO time for a cancelled order (orders/cancelled needs it); null for a paid one. */
  cancelledAt?: string | null;
  verifiedEmail?: boolean;
}): string {
  const lines = input.lines ?? [
    {
      id: '866550311766439020',
      sku: 'SHOP-TEE',
      variantId: '808950810',
      title: 'Tee',
      quantity: 2,
      price: '199.00',
    },
    {
      id: '141249953214522974',
      sku: 'SHOP-MUG',
      variantId: '49148385',
      title: 'Mug',
      quantity: 1,
      price: '6.95',
    },
  ];
  const gross = lines.reduce((sum, l) => sum + Math.round(Number(l.price) * 100) * l.quantity, 0);
  const subtotal = input.subtotal ?? (gross / 100).toFixed(2);
  const tax = input.tax ?? '0.00';
  const total =
    input.total ?? ((Math.round(Number(subtotal) * 100) + Math.round(Number(tax) * 100)) / 100).toFixed(2);
  const lineJson = lines
    .map(
      (l) =>
        `{"id":${l.id},"variant_id":${l.variantId ?? 'null'},"product_id":632910392,"sku":${l.sku === null ? 'null' : `"${l.sku}"`},"title":"${l.title}","quantity":${l.quantity},"price":"${l.price}"}`,
    )
    .join(',');
  return `{"id":${input.orderId ?? BIG_ORDER_ID},"admin_graphql_api_id":"gid://shopify/Order/${input.orderId ?? BIG_ORDER_ID}","name":"#1001","email":"${input.email ?? 'bob@example.com'}","customer":{"id":${input.customerId ?? BIG_CUSTOMER_ID},"email":"${input.email ?? 'bob@example.com'}","first_name":"Bob","last_name":"Norman","verified_email":${input.verifiedEmail ?? true}},"currency":"EUR","total_price":"${total}","subtotal_price":"${subtotal}","total_tax":"${tax}","total_discounts":"0.00","taxes_included":false,"financial_status":"paid","cancelled_at":${input.cancelledAt ? `"${input.cancelledAt}"` : 'null'},"line_items":[${lineJson}],"created_at":"${processedAt()}","processed_at":"${processedAt()}","test":${input.test ?? false}}`;
}

export function refundJson(input: {
  refundId: string;
  orderId?: string;
  lineItemId?: string;
  subtotal: number;
  createdAt?: string;
}): string {
  return `{"id":${input.refundId},"order_id":${input.orderId ?? BIG_ORDER_ID},"created_at":"${input.createdAt ?? new Date().toISOString()}","note":"damaged","refund_line_items":[{"id":1,"line_item_id":${input.lineItemId ?? '866550311766439020'},"quantity":1,"subtotal":${input.subtotal},"total_tax":0,"line_item":{"id":${input.lineItemId ?? '866550311766439020'}}}],"transactions":[{"kind":"refund","status":"success","amount":"${input.subtotal.toFixed(2)}","currency":null}]}`;
}

export function productJson(input: {
  productId?: string;
  sku: string;
  variantId?: string;
  price: string;
  type?: string;
}): string {
  return `{"id":${input.productId ?? '632910392'},"title":"IPod Nano","product_type":"${input.type ?? 'Cult Products'}","status":"active","variants":[{"id":${input.variantId ?? '808950810'},"sku":"${input.sku}","title":"Pink","price":"${input.price}"}]}`;
}

export function customerJson(input: { customerId: string; email: string; verifiedEmail?: boolean }): string {
  return `{"id":${input.customerId},"email":"${input.email}","verified_email":${input.verifiedEmail ?? true},"first_name":"Ann","last_name":"Smith"}`;
}
