import { And, In, LessThan, MoreThanOrEqual } from 'typeorm';
import { clock } from '@loyalty-bff/plugin-sdk';
import type { Breakers } from './circuit-breaker';
import { agreementOf, type Ctx } from './partner-exchange.service';
import { valueOf } from './partner-exchange.rules';
import { PartnerTransfer } from './partner-transfer.entity';
import type { PartnerExchangeHealth, PartnerExchangeSettlement } from './partner-exchange.types';

const DAY_MS = 86_400_000;

/**
 * What is owed for [from, to): confirmed outbound transfers (we owe the partner for the points it
 * credited) and credited inbound ones (it owes us), counted at the time they became final.
 */
export async function settlementReport(
  ctx: Ctx,
  partnerCode: string,
  from: Date,
  to: Date,
): Promise<PartnerExchangeSettlement> {
  const agreement = agreementOf(ctx, partnerCode);
  const transfers = ctx.store.repository(PartnerTransfer);
  const sums = async (direction: 'OUT' | 'IN') => {
    const where = {
      partnerCode,
      direction,
      status: In(['CONFIRMED', 'CREDITED']),
      updatedAt: And(MoreThanOrEqual(from), LessThan(to)),
    };
    return {
      transfers: await transfers.countBy(where),
      ourPoints: await transfers.sum('ourPoints', where),
      partnerPoints: await transfers.sum('partnerPoints', where),
    };
  };
  const totals = { OUT: await sums('OUT'), IN: await sums('IN') };
  const side = (direction: 'OUT' | 'IN') => {
    const { transfers, ourPoints, partnerPoints } = totals[direction];
    const valueMinor =
      direction === 'OUT'
        ? valueOf(partnerPoints, agreement.outboundValueMinorPer1000)
        : valueOf(ourPoints, agreement.inboundValueMinorPer1000);
    return { transfers, ourPoints, partnerPoints, valueMinor };
  };
  const outbound = side('OUT');
  const inbound = side('IN');
  return {
    partnerCode,
    from,
    to,
    currency: agreement.currency,
    outbound,
    inbound,
    netMinor: inbound.valueMinor - outbound.valueMinor,
  };
}

/** Each partner's breaker (this process) and its last 24 hours of transfers. */
export async function healthReport(
  ctx: Ctx,
  breakers: Breakers,
  now = clock.now(),
): Promise<PartnerExchangeHealth[]> {
  const since = new Date(now.getTime() - DAY_MS);
  const transfers = ctx.store.repository(PartnerTransfer);
  const report: PartnerExchangeHealth[] = [];
  for (const agreement of ctx.options.partners) {
    const rows = await transfers.find({
      select: { direction: true, status: true },
      where: { partnerCode: agreement.code, createdAt: MoreThanOrEqual(since) },
    });
    const out = rows.filter((r) => r.direction === 'OUT');
    const count = (...statuses: string[]) => out.filter((r) => statuses.includes(r.status)).length;
    const breaker = breakers.of(agreement.code);
    report.push({
      partnerCode: agreement.code,
      agreementActive: now >= new Date(agreement.validFrom) && now < new Date(agreement.validUntil),
      breaker: breaker.state(),
      failuresInARow: breaker.failuresInARow,
      calls: breaker.calls,
      failedCalls: breaker.failures,
      outboundTransfers: out.length,
      confirmed: count('CONFIRMED'),
      failed: count('REJECTED', 'FAILED'),
      unconfirmed: count('RESERVED', 'UNCONFIRMED'),
      inboundTransfers: rows.length - out.length,
      successRate: out.length ? count('CONFIRMED') / out.length : null,
      failureRate: out.length ? count('REJECTED', 'FAILED') / out.length : null,
    });
  }
  return report;
}
