import { decimalToMinor, permanentFailure } from '@loyalty-bff/plugin-sdk';

/**
 * A platform's decimal money string ("404.95") in minor units, converted once at the edge. A value
 * that is not money will never become money on a retry, so it fails the delivery for good.
 */
export function platformMoney(value: string | number | null | undefined, currency: string): number {
  try {
    return decimalToMinor(value ?? '0', currency);
  } catch (error) {
    throw permanentFailure((error as Error).message);
  }
}
