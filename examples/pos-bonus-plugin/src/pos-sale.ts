/** What a till sends for one sale (JSON, signed). Amounts in minor units. */
export interface PosSale {
  saleId: string;
  /** The loyalty card scanned at the till: the member's `pos` channel identity. */
  card: string | null;
  storeId: string;
  currency: string;
  totalMinor: number;
  purchasedAt: string;
  lines: { sku: string; title: string; quantity: number; unitPriceMinor: number }[];
}

/** The first thing wrong with a sale body, or null. */
export function saleProblem(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return 'the body must be a JSON object';
  const sale = body as Partial<PosSale>;
  if (typeof sale.saleId !== 'string' || !sale.saleId) return 'saleId is missing';
  if (sale.card !== null && typeof sale.card !== 'string') return 'card must be a string or null';
  if (typeof sale.storeId !== 'string') return 'storeId is missing';
  if (typeof sale.currency !== 'string' || !/^[A-Z]{3}$/.test(sale.currency))
    return 'currency is not ISO 4217';
  if (!Number.isInteger(sale.totalMinor) || (sale.totalMinor ?? -1) < 0)
    return 'totalMinor must be an integer';
  if (typeof sale.purchasedAt !== 'string' || Number.isNaN(Date.parse(sale.purchasedAt)))
    return 'purchasedAt is not a date';
  if (!Array.isArray(sale.lines) || sale.lines.length === 0) return 'lines must list what was sold';
  for (const line of sale.lines) {
    if (typeof line?.sku !== 'string' || typeof line.title !== 'string')
      return 'each line needs a sku and a title';
    if (!Number.isInteger(line.quantity) || !Number.isInteger(line.unitPriceMinor))
      return 'quantity and unitPriceMinor must be integers';
  }
  return null;
}
