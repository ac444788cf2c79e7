import { IsInt, IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { Secret } from '@loyalty-bff/plugin-sdk';
import { EcommerceOptions } from '../ecommerce-common';

export class ShopifyOptions extends EcommerceOptions {
  /** The app's client secret: the HMAC key of every webhook. */
  @Secret()
  @Length(16, 255)
  clientSecret: string;

  /** When set, deliveries from any other shop are refused (401). */
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, {
    message: 'shopDomain must look like my-shop.myshopify.com',
  })
  shopDomain?: string;

  /**
   * Deliveries whose X-Shopify-Triggered-At is older than this are stale (401). Shopify retries for
   * 4 hours with the original payload, so the default (24 h) leaves room for its retries and replays.
   */
  @IsOptional()
  @IsInt()
  @Min(60)
  @Max(7 * 24 * 3600)
  maxDeliveryAgeSeconds?: number;

  /** Shopify's test orders (`"test": true`) are recorded only when this is true. */
  @IsOptional()
  recordTestOrders?: boolean;
}
