import { IsBoolean, IsInt, IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { Secret } from '@loyalty-bff/plugin-sdk';

export class StripePointsOptions {
  /** The endpoint's signing secret, whole (`whsec_...`): the HMAC key of every webhook. */
  @Secret()
  @Length(16, 255)
  @Matches(/^whsec_/, { message: 'webhookSecret must be the endpoint secret, starting with whsec_' })
  webhookSecret: string;

  /** Deliveries signed longer ago than this are refused (Stripe's libraries default to 300 s). */
  @IsOptional()
  @IsInt()
  @Min(30)
  @Max(3600)
  toleranceSeconds?: number;

  /** The channel under which Stripe customer ids (`cus_...`) are linked to members. */
  @IsOptional()
  @Length(2, 32)
  @Matches(/^[a-z0-9][a-z0-9-]*$/, { message: 'channel must be a lower-case slug' })
  channel?: string;

  /** Points earned per whole currency unit received (1 = one point per euro); fractions round down. */
  @IsInt()
  @Min(0)
  @Max(1000)
  pointsPerUnit: number;

  /** When a payment names its member in metadata, link its Stripe customer to that member (default true). */
  @IsOptional()
  @IsBoolean()
  linkCustomers?: boolean;
}

export const DEFAULT_TOLERANCE_SECONDS = 300;
export const channelOf = (options: StripePointsOptions) => options.channel ?? 'stripe';
