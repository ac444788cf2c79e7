/**
 * Decimal money strings ("404.95") to integer minor units, once, at the edge. No floating point: the
 * string is split and padded to the currency's digits (JPY 0, EUR 2, KWD 3, from ICU). Numbers (some
 * payload fields are numbers, e.g. Shopify's refund subtotal) are formatted to the currency's digits
 * first, which is exact for any amount a payment platform sends.
 */
export function decimalToMinor(value: string | number, currency: string): number {
  const digits = currencyDigits(currency);
  const text = typeof value === 'number' ? value.toFixed(digits) : value.trim();
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new Error(`"${text}" is not a decimal amount`);
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > digits && /[1-9]/.test(fraction.slice(digits))) {
    throw new Error(`"${text}" has more decimals than ${currency} allows (${digits})`);
  }
  const minor = Number(whole + fraction.slice(0, digits).padEnd(digits, '0'));
  if (!Number.isSafeInteger(minor)) throw new Error(`"${text}" is too large`);
  return sign === '-' ? -minor : minor;
}

export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits as number;
  } catch {
    throw new Error(`"${currency}" is not an ISO 4217 currency`);
  }
}
