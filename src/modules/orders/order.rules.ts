import { BadUserInputError } from '../../common/errors';

/**
 * Order arithmetic as pure functions: line totals, the total check, and how much a refund is worth.
 * Refunds are cumulative per line, so refunding 1 unit three times is worth exactly what refunding
 * 3 units once is (no rounding drift), and never more than the line.
 */

export interface LineAmounts {
  quantity: number;
  unitPriceMinor: number;
  discountMinor: number;
}

export function lineTotal(line: LineAmounts): number {
  return line.quantity * line.unitPriceMinor - line.discountMinor;
}

/** Every line's total must be >= 0 and the order total must add up. Returns the merchandise total. */
export function checkTotals(
  lines: LineAmounts[],
  extras: { shippingMinor: number; taxMinor: number; totalMinor: number },
): number {
  const problems = lines
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => lineTotal(line) < 0)
    .map(({ index }) => ({
      field: `lines[${index}].discountMinor`,
      messages: ['The discount is larger than the line'],
    }));
  if (problems.length) throw new BadUserInputError('A line discount is larger than the line', problems);
  const merchandise = lines.reduce((sum, line) => sum + lineTotal(line), 0);
  const expected = merchandise + extras.shippingMinor + extras.taxMinor;
  if (expected !== extras.totalMinor) {
    throw BadUserInputError.field(
      'totalMinor',
      `totalMinor is ${extras.totalMinor} but the lines after discounts (${merchandise}) + shipping + tax make ${expected}`,
    );
  }
  return merchandise;
}

export interface RefundableLine {
  lineNo: number;
  quantity: number;
  totalMinor: number;
  refundedQuantity: number;
  refundedMinor: number;
}

/** What refunding `quantity` more units of a line is worth: its cumulative share minus what was refunded. */
export function lineRefundValue(line: RefundableLine, quantity: number): number {
  const after = line.refundedQuantity + quantity;
  return Math.round((line.totalMinor * after) / line.quantity) - line.refundedMinor;
}

export interface RefundPlan {
  amountMinor: number;
  lines: { lineNo: number; quantity: number; amountMinor: number }[];
}

/**
 * Turns a refund request into amounts. By lines: each line's quantity must still be refundable. By
 * amount: at most what is left. Neither: everything left. Problems are BAD_USER_INPUT with the field.
 */
export function planRefund(
  lines: RefundableLine[],
  request: { lines?: { lineNo: number; quantity: number }[] | null; amountMinor?: number | null },
  refundedSoFar: number,
  merchandiseMinor: number,
): RefundPlan {
  const left = merchandiseMinor - refundedSoFar;
  if (request.lines?.length) {
    if (request.amountMinor)
      throw BadUserInputError.field('amountMinor', 'Give lines or amountMinor, not both');
    const byNo = new Map(lines.map((line) => [line.lineNo, line]));
    const seen = new Set<number>();
    const planned = request.lines.map((wanted, index) => {
      const line = byNo.get(wanted.lineNo);
      if (!line)
        throw BadUserInputError.field(`lines[${index}].lineNo`, `The order has no line ${wanted.lineNo}`);
      if (seen.has(wanted.lineNo))
        throw BadUserInputError.field(`lines[${index}].lineNo`, `Line ${wanted.lineNo} is listed twice`);
      seen.add(wanted.lineNo);
      const refundable = line.quantity - line.refundedQuantity;
      if (wanted.quantity > refundable) {
        throw BadUserInputError.field(
          `lines[${index}].quantity`,
          `Line ${wanted.lineNo} has ${refundable} of ${line.quantity} units left to refund`,
        );
      }
      return {
        lineNo: wanted.lineNo,
        quantity: wanted.quantity,
        amountMinor: lineRefundValue(line, wanted.quantity),
      };
    });
    if (left <= 0) throw BadUserInputError.field('refundId', 'The order is already fully refunded');
    // After refunds by amount (which name no lines), line values can add up to more than is left:
    // the refund is then capped at what is left of the order.
    const amountMinor = Math.min(
      planned.reduce((sum, line) => sum + line.amountMinor, 0),
      left,
    );
    return { amountMinor, lines: planned };
  }
  if (left <= 0) throw BadUserInputError.field('refundId', 'The order is already fully refunded');
  if (request.amountMinor) {
    if (request.amountMinor > left) {
      throw BadUserInputError.field(
        'amountMinor',
        `Only ${left} of the order's ${merchandiseMinor} can still be refunded`,
      );
    }
    return { amountMinor: request.amountMinor, lines: [] };
  }
  // Everything left: every line's remaining units.
  return {
    amountMinor: left,
    lines: lines
      .filter((line) => line.quantity > line.refundedQuantity)
      .map((line) => ({
        lineNo: line.lineNo,
        quantity: line.quantity - line.refundedQuantity,
        amountMinor: line.totalMinor - line.refundedMinor,
      })),
  };
}
