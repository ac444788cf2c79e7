/**
 * Stripe's own decimals per currency (https://docs.stripe.com/currencies#zero-decimal): amounts on
 * the wire are in these units, whatever ISO 4217 or Node's ICU say. ICU gives HUF, ISK, IDR… no
 * decimals, while Stripe counts them in hundredths, so Intl must not decide how a Stripe amount reads.
 */
const ZERO_DECIMAL = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'JPY',
  'KMF',
  'KRW',
  'MGA',
  'PYG',
  'RWF',
  'UGX',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/** Decimals of a Stripe amount in `currency` (any case): 0, 3, or 2 for every other currency. */
export function stripeCurrencyDigits(currency: string): number {
  const code = currency.toUpperCase();
  if (ZERO_DECIMAL.has(code)) return 0;
  if (THREE_DECIMAL.has(code)) return 3;
  return 2;
}
