import { ArrayMinSize, IsIn, IsOptional, Length } from 'class-validator';
import { Secret } from '@loyalty-bff/plugin-sdk';
import { EcommerceOptions } from '../ecommerce-common';

export class WooCommerceOptions extends EcommerceOptions {
  /** The webhook's secret in WooCommerce: the HMAC key of every delivery. */
  @Secret()
  @Length(8, 255)
  webhookSecret: string;

  /** Order statuses that mean paid (recorded and earning); default processing and completed. */
  @IsOptional()
  @ArrayMinSize(1)
  @IsIn(['processing', 'completed', 'on-hold'], { each: true })
  paidStatuses?: string[];
}
