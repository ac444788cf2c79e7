import { IsBoolean, IsOptional, Matches } from 'class-validator';

/** Options every e-commerce connector shares; each plugin extends it with its platform's secrets. */
export class EcommerceOptions {
  /** Channel key for identities and orders, e.g. `shopify`; two shops can use two channels. */
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{1,31}$/, { message: 'channel must be a lower-case key such as shopify' })
  channel?: string;

  /** The shop's currency: products carry none in their payloads. */
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency: string;

  /** Register unknown customers as members (otherwise their orders are guest orders). */
  @IsOptional()
  @IsBoolean()
  createMembers?: boolean;

  /** Category for placeholder products and products without a type. */
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9\-/]*$/, { message: 'defaultCategory must be a lower-case slug' })
  defaultCategory?: string;
}

export function channelOf(options: EcommerceOptions, fallback: string): string {
  return options.channel ?? fallback;
}

export function defaultCategoryOf(options: EcommerceOptions): string {
  return options.defaultCategory ?? 'uncategorised';
}
