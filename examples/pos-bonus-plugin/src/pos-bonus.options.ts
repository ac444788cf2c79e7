import { IsInt, Length, Max, Min } from 'class-validator';
import { Secret } from '@loyalty-bff/plugin-sdk';

/** Set by an admin with `configurePlugin`; validated by the host with these rules. */
export class PosBonusOptions {
  /** Shared with the tills: the HMAC-SHA256 key of every sale they send. Stored encrypted. */
  @Secret()
  @Length(16, 255)
  webhookSecret: string;

  /** A sale of at least this much (minor units, e.g. cents) earns the bonus. */
  @IsInt()
  @Min(1)
  thresholdMinor: number;

  /** Bonus points on top of the programme's own earning. */
  @IsInt()
  @Min(1)
  @Max(100_000)
  bonusPoints: number;
}
