import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsUrl,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Secret } from '@loyalty-bff/plugin-sdk';

const CODE = /^[a-z0-9][a-z0-9-]{1,31}$/;
const CODE_MESSAGE = 'code must be a lower-case slug such as sky-air';

/** One partner programme's agreement: rates, blocks, caps, validity, settlement prices, endpoint. */
export class PartnerAgreement {
  @Matches(CODE, { message: CODE_MESSAGE })
  code: string;

  @Length(1, 100)
  name: string;

  /** The partner's transfer API (our points → theirs): POST <endpoint>/transfers. */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  endpoint: string;

  /** Partner points credited per one of our points sent (0.5 = two of ours buy one of theirs). */
  @IsNumber({ maxDecimalPlaces: 6 })
  @Min(0.000001)
  @Max(1000)
  outRate: number;

  /** Our points credited per partner point received. */
  @IsNumber({ maxDecimalPlaces: 6 })
  @Min(0.000001)
  @Max(1000)
  inRate: number;

  /** Extra percent on what the receiving side gets, both ways (a promotion); default 0. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  bonusPercent?: number;

  /** Smallest transfer, in the sending side's points. */
  @IsInt()
  @Min(1)
  minimumPoints: number;

  /** Transfers in whole blocks of this many of the sending side's points ("blocks of 1,000"). */
  @IsInt()
  @Min(1)
  stepPoints: number;

  /** Per member and direction, in our points, per UTC day and calendar year. */
  @IsInt()
  @Min(1)
  dailyCapPoints: number;

  @IsInt()
  @Min(1)
  yearlyCapPoints: number;

  /** The agreement's validity: transfers are refused outside [validFrom, validUntil). */
  @IsISO8601()
  validFrom: string;

  @IsISO8601()
  validUntil: string;

  /** Settlement: what we pay per 1,000 partner points credited to our members' partner accounts. */
  @IsInt()
  @Min(0)
  outboundValueMinorPer1000: number;

  /** Settlement: what the partner pays per 1,000 of our points credited to our members. */
  @IsInt()
  @Min(0)
  inboundValueMinorPer1000: number;

  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency: string;
}

/** Secrets per partner: the key we present to them, and the HMAC secret both sides sign with. */
export class PartnerCredential {
  @Matches(CODE, { message: CODE_MESSAGE })
  code: string;

  @Length(8, 255)
  outboundApiKey: string;

  @Length(16, 255)
  sharedSecret: string;
}

export class PartnerExchangeOptions {
  @ValidateNested({ each: true })
  @Type(() => PartnerAgreement)
  @ArrayMaxSize(100)
  partners: PartnerAgreement[];

  @Secret()
  @ValidateNested({ each: true })
  @Type(() => PartnerCredential)
  @ArrayMaxSize(100)
  credentials: PartnerCredential[];

  /** Per call to a partner (default 2,000 ms). */
  @IsOptional()
  @IsInt()
  @Min(50)
  @Max(30_000)
  timeoutMs?: number;

  /** Calls per transfer attempt, the first included (default 3), waiting retryBaseMs × 2^n between. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10)
  attempts?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60_000)
  retryBaseMs?: number;

  /** Consecutive failed calls (timeouts, 5xx, network) that open a partner's circuit (default 5). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  breakerThreshold?: number;

  /** How long an open circuit refuses calls before one trial (default 30 s). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3600)
  breakerCooldownSeconds?: number;

  /** Accepted age of an inbound transfer's signed timestamp (default 300 s). */
  @IsOptional()
  @IsInt()
  @Min(30)
  @Max(3600)
  signatureToleranceSeconds?: number;
}

export const settings = (options: PartnerExchangeOptions) => ({
  timeoutMs: options.timeoutMs ?? 2_000,
  attempts: options.attempts ?? 3,
  retryBaseMs: options.retryBaseMs ?? 100,
  breakerThreshold: options.breakerThreshold ?? 5,
  breakerCooldownMs: (options.breakerCooldownSeconds ?? 30) * 1000,
  toleranceSeconds: options.signatureToleranceSeconds ?? 300,
});
