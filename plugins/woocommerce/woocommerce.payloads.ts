/** The parts of WooCommerce's REST-shaped webhook payloads the connector reads. */
export interface WooLineItem {
  id: number;
  name: string;
  product_id: number;
  variation_id?: number;
  quantity: number;
  /** Before discounts, all units, decimal string. */
  subtotal: string;
  /** After discounts, all units, decimal string. */
  total: string;
  sku?: string | null;
}

export interface WooOrder {
  id: number;
  status: string;
  currency: string;
  total: string;
  total_tax: string;
  customer_id: number;
  billing?: { email?: string | null; first_name?: string | null; last_name?: string | null };
  line_items: WooLineItem[];
  refunds?: { id: number; total: string; reason?: string | null }[];
  date_created_gmt?: string;
  date_paid_gmt?: string | null;
}

export interface WooCustomer {
  id: number;
  email?: string | null;
  first_name?: string | null;
  last_name?: string | null;
}

export interface WooProduct {
  id: number;
  name: string;
  sku?: string | null;
  price: string;
  status?: string;
  categories?: { slug: string }[];
}
