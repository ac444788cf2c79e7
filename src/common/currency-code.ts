import { Matches } from 'class-validator';

/** An ISO 4217 code (EUR, USD...): money is always an integer in minor units plus this code. */
export function IsCurrencyCode(): PropertyDecorator {
  return Matches(/^[A-Z]{3}$/, { message: '$property must be an ISO 4217 code such as EUR' });
}
