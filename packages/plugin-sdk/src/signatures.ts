import { createHmac, timingSafeEqual } from 'node:crypto';

/** base64(HMAC-SHA256(secret, raw body)): Shopify's and WooCommerce's signature. */
export function hmacSha256Base64(secret: string, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

export function hmacSha256Hex(secret: string, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

/** Timing-safe comparison of two signatures (strings of any length: unequal lengths are simply false). */
export function signaturesMatch(expected: string, received: string | undefined | null): boolean {
  if (!received) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}
