import { hmacSha256Hex, signaturesMatch, webhookError } from '@loyalty-bff/plugin-sdk';

/**
 * Stripe's webhook signature (EXTERNAL.md): `Stripe-Signature: t=<unix s>,v1=<hex>[,v1=...]`, each
 * v1 = hex(HMAC-SHA256(whole endpoint secret, `${t}.${raw body}`)). Any matching v1 passes (Stripe
 * sends one per active secret while a secret rolls); a timestamp older than the tolerance is refused,
 * as Stripe's own libraries do. Throws a 401 rejection, else returns the signed time.
 */
export function verifyStripeSignature(
  header: string | undefined,
  rawBody: Buffer,
  secret: string,
  toleranceSeconds: number,
  now: Date,
): number {
  if (!header) throw webhookError(401, 'Stripe-Signature is missing');
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.split('=', 2).map((s) => s.trim());
    if (key === 't' && /^\d+$/.test(value ?? '')) timestamp = Number(value);
    else if (key === 'v1' && value) signatures.push(value);
  }
  if (timestamp === null) throw webhookError(401, 'Stripe-Signature has no timestamp');
  if (signatures.length === 0) throw webhookError(401, 'Stripe-Signature has no v1 signature');
  const expected = hmacSha256Hex(secret, Buffer.concat([Buffer.from(`${timestamp}.`), rawBody]));
  if (!signatures.some((signature) => signaturesMatch(expected, signature))) {
    throw webhookError(401, 'No v1 signature matches the body');
  }
  if (Math.floor(now.getTime() / 1000) - timestamp > toleranceSeconds) {
    throw webhookError(401, `The signature is older than the ${toleranceSeconds} s tolerance`);
  }
  return timestamp;
}
