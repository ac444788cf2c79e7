/**
 * The parts of Shopify's webhook payloads the connector reads (EXTERNAL.md). Ids are `string | number`:
 * the lossless parser turns ids beyond 2^53 into strings; smaller ones stay numbers, so they are
 * always read with String().
 */
export type ShopifyId = string | number;

export interface ShopifyCustomer {
  id: ShopifyId;
  email?: string | null;
  /** Shopify's word that the customer confirmed the address; only then does it link by email. */
  verified_email?: boolean;
  first_name?: string | null;
  last_name?: string | null;
}

export interface ShopifyLineItem {
  id: ShopifyId;
  product_id?: ShopifyId | null;
  variant_id?: ShopifyId | null;
  sku?: string | null;
  title?: string | null;
  quantity: number;
  price: string;
}

export interface ShopifyOrder {
  id: ShopifyId;
  name?: string;
  email?: string | null;
  customer?: ShopifyCustomer | null;
  currency: string;
  total_price: string;
  subtotal_price: string;
  total_tax?: string | null;
  taxes_included?: boolean;
  financial_status?: string;
  cancelled_at?: string | null;
  line_items: ShopifyLineItem[];
  created_at?: string;
  processed_at?: string | null;
  test?: boolean;
}

export interface ShopifyRefund {
  id: ShopifyId;
  order_id: ShopifyId;
  created_at?: string;
  note?: string | null;
  refund_line_items?: {
    line_item_id: ShopifyId;
    quantity: number;
    subtotal: number | string;
    subtotal_set?: { shop_money?: { amount?: string; currency_code?: string } };
  }[];
  transactions?: { kind?: string; status?: string; amount?: string; currency?: string | null }[];
}

export interface ShopifyProduct {
  id: ShopifyId;
  title: string;
  product_type?: string | null;
  status?: string | null;
  variants?: { id: ShopifyId; sku?: string | null; title?: string | null; price: string }[];
}

export interface ShopifyRedact {
  shop_domain?: string;
  customer: { id: ShopifyId; email?: string | null };
  orders_to_redact?: ShopifyId[];
  orders_requested?: ShopifyId[];
}
