import { In, LessThan, MoreThanOrEqual } from 'typeorm';
import {
  fieldError,
  isActiveMembership,
  pluginError,
  type PluginContext,
  type PluginEntityManager,
  type PluginRepository,
  clock,
} from '@loyalty-bff/plugin-sdk';
import type { Breakers } from './circuit-breaker';
import { settings, type PartnerAgreement, type PartnerExchangeOptions } from './partner-exchange.options';
import {
  assertAgreementActive,
  assertBlocks,
  assertWithinCaps,
  capWindows,
  convert,
} from './partner-exchange.rules';
import { inboundMessage, signatureValid } from './partner-signature';
import { PartnerTransfer, type TransferDirection, type TransferStatus } from './partner-transfer.entity';
import { sendTransfer } from './partner.client';

export type Ctx = PluginContext<PartnerExchangeOptions>;

/**
 * Held points of an outbound transfer wait for the partner's answer: only `settle` (a CONFIRMED,
 * REJECTED or never-sent answer) ends the hold. The core's hold-expiry job must not free points the
 * partner may already have credited, so the expiry is far beyond any answer (ten years).
 */
const HOLD_DAYS = 3650;
/** The reconcile job asks about at most this many transfers per run, least recently tried first. */
const RECONCILE_BATCH = 100;
/** A RESERVED transfer older than this was interrupted mid-call (a crash): the reconcile job resumes it. */
const STALE_RESERVED_MS = 60_000;
const COUNTED: Record<TransferDirection, TransferStatus[]> = {
  OUT: ['RESERVED', 'UNCONFIRMED', 'CONFIRMED'],
  IN: ['CREDITED'],
};
const OPEN: TransferStatus[] = ['RESERVED', 'UNCONFIRMED'];

export function agreementOf(ctx: Ctx, code: string): PartnerAgreement {
  const agreement = ctx.options.partners.find((p) => p.code === code);
  if (!agreement) throw pluginError('NOT_FOUND', `No partner ${code}`, { entity: 'Partner', id: code });
  return agreement;
}

function credentialOf(ctx: Ctx, code: string) {
  const credential = ctx.options.credentials.find((c) => c.code === code);
  if (!credential) throw pluginError('CONFLICT', `Partner ${code} has no credentials configured`);
  return credential;
}

/**
 * Points exchanged with partner programmes. Outbound: reserve (a hold, in the same transaction as the
 * transfer row and the cap check), ask the partner, then capture (confirmed: irreversible) or release
 * (refused, or never sent); no answer leaves the points held and the transfer UNCONFIRMED until a
 * retry with the same transfer id gets one. Inbound: signed by the partner, credited once per
 * partner transfer id. Caps are checked after the movement, in its transaction: the movement locks
 * the member's points account first, so concurrent transfers of one member are counted one by one.
 */
export class PartnerExchangeService {
  constructor(private readonly breakers: Breakers) {}

  quote(ctx: Ctx, partnerCode: string, direction: 'OUT' | 'IN', points: number) {
    const agreement = agreementOf(ctx, partnerCode);
    assertBlocks(agreement, points, 'points');
    return direction === 'OUT'
      ? { ourPoints: points, partnerPoints: convert(points, agreement.outRate, agreement.bonusPercent) }
      : { ourPoints: convert(points, agreement.inRate, agreement.bonusPercent), partnerPoints: points };
  }

  async transferOut(
    ctx: Ctx,
    input: {
      partnerCode: string;
      memberId: number;
      partnerMemberId: string;
      points: number;
      idempotencyKey: string;
    },
  ): Promise<PartnerTransfer> {
    const now = clock.now();
    const agreement = agreementOf(ctx, input.partnerCode);
    const externalId = `m${input.memberId}:${input.idempotencyKey}`;
    const earlier = await this.find(ctx, input.partnerCode, 'OUT', externalId);
    if (earlier) return sameOrMismatch(earlier, input.idempotencyKey, input.points, input.partnerMemberId);
    assertAgreementActive(agreement, now);
    assertBlocks(agreement, input.points, 'points');
    const partnerPoints = convert(input.points, agreement.outRate, agreement.bonusPercent);
    if (partnerPoints < 1) throw fieldError('points', 'This is worth less than one partner point');
    credentialOf(ctx, agreement.code);
    if (this.breakers.of(agreement.code).state() === 'OPEN') {
      throw pluginError('CONFLICT', `${agreement.name} is not answering; try again later`, {
        reason: 'PARTNER_UNAVAILABLE',
      });
    }
    await activeMember(ctx, input.memberId);
    let transfer: PartnerTransfer;
    try {
      transfer = await ctx.store.transaction(async (store) => {
        const transfers = store.repository(PartnerTransfer);
        const { identifiers } = await transfers.insert({
          direction: 'OUT',
          partnerCode: agreement.code,
          memberId: input.memberId,
          externalId,
          partnerMemberId: input.partnerMemberId,
          ourPoints: input.points,
          partnerPoints,
          status: 'RESERVED',
          holdId: null,
          partnerReference: null,
          calls: 0,
          lastError: null,
          createdAt: now,
          updatedAt: now,
        });
        const id = Number(identifiers[0].id);
        const { holdId } = await store.points.hold({
          memberId: input.memberId,
          points: input.points,
          reason: `Transfer to ${agreement.name}`,
          purpose: 'transfer',
          reference: `${agreement.code}:${id}`,
          expiresAt: new Date(now.getTime() + HOLD_DAYS * 86_400_000),
          idempotencyKey: `out:${id}`,
        });
        await transfers.update(id, { holdId });
        await assertCaps(transfers, agreement, input.memberId, 'OUT', now);
        return transfers.findOneByOrFail({ id });
      });
    } catch (error) {
      // A concurrent twin with the same key won the unique index: answer its transfer.
      const twin = await this.find(ctx, input.partnerCode, 'OUT', externalId);
      if (twin) return sameOrMismatch(twin, input.idempotencyKey, input.points, input.partnerMemberId);
      throw error;
    }
    return this.settle(ctx, transfer);
  }

  /** Asks the partner about a RESERVED or UNCONFIRMED transfer and applies the answer, once. */
  async settle(ctx: Ctx, transfer: PartnerTransfer): Promise<PartnerTransfer> {
    const agreement = agreementOf(ctx, transfer.partnerCode);
    const credential = credentialOf(ctx, transfer.partnerCode);
    const outcome = await sendTransfer(
      {
        endpoint: agreement.endpoint,
        apiKey: credential.outboundApiKey,
        sharedSecret: credential.sharedSecret,
      },
      {
        transferId: `lbff-${transfer.id}`,
        partnerMemberId: transfer.partnerMemberId ?? '',
        points: transfer.partnerPoints,
      },
      this.breakers.of(transfer.partnerCode),
      settings(ctx.options),
      {
        mayHaveBeenSent: transfer.calls > 0,
        // Persisted before the request leaves: a crash or a stuck call leaves calls > 0, so the
        // transfer is never taken for "never sent" and released while the partner may credit it.
        beforeCall: async (callsSoFar) => {
          await ctx.store
            .repository(PartnerTransfer)
            .update(
              { id: transfer.id, status: In(OPEN) },
              { calls: transfer.calls + callsSoFar + 1, updatedAt: clock.now() },
            );
        },
      },
    );
    const calls = transfer.calls + outcome.calls;
    if (outcome.kind === 'CREDITED') {
      await this.finish(ctx, transfer, 'CONFIRMED', {
        calls,
        partnerReference: outcome.partnerReference,
        lastError: null,
      });
    } else if (outcome.kind === 'REJECTED') {
      await this.finish(ctx, transfer, 'REJECTED', { calls, lastError: outcome.reason });
    } else if (outcome.kind === 'CIRCUIT_OPEN' && transfer.calls === 0) {
      // Never sent: the partner cannot have credited it, so the points go back.
      await this.finish(
        ctx,
        transfer,
        'FAILED',
        { calls, lastError: 'circuit open: not sent' },
        { calls: 0 },
      );
    } else {
      const reason = outcome.kind === 'UNKNOWN' ? outcome.reason : 'circuit open';
      await ctx.store
        .repository(PartnerTransfer)
        .update(
          { id: transfer.id, status: In(OPEN) },
          { status: 'UNCONFIRMED', calls, lastError: reason, updatedAt: clock.now() },
        );
    }
    const after = await ctx.store.repository(PartnerTransfer).findOneByOrFail({ id: transfer.id });
    if (after.status !== transfer.status) await publish(ctx, after);
    return after;
  }

  /** The conditional status change and its ledger movement commit together, once. */
  private async finish(
    ctx: Ctx,
    transfer: PartnerTransfer,
    status: 'CONFIRMED' | 'REJECTED' | 'FAILED',
    changes: Partial<PartnerTransfer>,
    only: Partial<Pick<PartnerTransfer, 'calls'>> = {},
  ): Promise<void> {
    // Read in the transaction before any write: capturing a released hold would fail (and a failed
    // statement on MySQL would leave the transaction half done), so a released hold is clawed back.
    const available = status === 'CONFIRMED' ? (await ctx.points.balance(transfer.memberId)).available : 0;
    await ctx.store.transaction(async (store) => {
      const held = (await store.points.holdStatus(transfer.holdId!)) === 'HELD';
      const clawback = status === 'CONFIRMED' && !held ? Math.min(transfer.ourPoints, available) : null;
      const moved = await store.repository(PartnerTransfer).update(
        { id: transfer.id, status: In(OPEN), ...only },
        {
          ...changes,
          status,
          updatedAt: clock.now(),
          ...(clawback !== null
            ? {
                lastError: `confirmed after its hold was released: ${clawback} of ${transfer.ourPoints} points clawed back`,
              }
            : {}),
        },
      );
      if (moved.affected !== 1) return; // already settled by a concurrent answer: nothing moves twice
      if (clawback !== null) await clawBack(store, transfer, clawback);
      else if (status === 'CONFIRMED') await store.points.capture(transfer.holdId!);
      else if (held)
        await store.points.release(
          transfer.holdId!,
          `Transfer to ${transfer.partnerCode} ${status.toLowerCase()}`,
        );
    });
  }

  /** The job: asks again about transfers without an answer (same transfer id: the partner credits once). */
  async reconcile(ctx: Ctx, now: Date): Promise<Record<string, number>> {
    const transfers = ctx.store.repository(PartnerTransfer);
    // Least recently tried first: every attempt (and every failure) moves updatedAt, so transfers that
    // keep failing go to the back and never hide the others behind them.
    const open = await transfers.find({
      where: [
        { direction: 'OUT', status: 'UNCONFIRMED' },
        {
          direction: 'OUT',
          status: 'RESERVED',
          updatedAt: LessThan(new Date(now.getTime() - STALE_RESERVED_MS)),
        },
      ],
      order: { updatedAt: 'ASC', id: 'ASC' },
      take: RECONCILE_BATCH,
    });
    const counts: Record<string, number> = {
      checked: open.length,
      confirmed: 0,
      rejected: 0,
      stillOpen: 0,
      errors: 0,
    };
    for (const transfer of open) {
      try {
        const after = await this.settle(ctx, transfer);
        if (after.status === 'CONFIRMED') counts.confirmed++;
        else if (after.status === 'REJECTED' || after.status === 'FAILED') counts.rejected++;
        else counts.stillOpen++;
      } catch (error) {
        // One transfer's failure (a partner misconfigured, a ledger conflict) never stops the others.
        counts.errors++;
        ctx.logger.error('reconciling a transfer failed', {
          transfer: transfer.id,
          reason: (error as Error).message,
        });
        await transfers.update(
          { id: transfer.id, status: In(OPEN) },
          { lastError: `reconcile: ${(error as Error).message}`.slice(0, 500), updatedAt: clock.now() },
        );
      }
    }
    return counts;
  }

  async receive(
    ctx: Ctx,
    input: {
      partnerCode: string;
      partnerTransferId: string;
      memberId: string;
      partnerPoints: number;
      timestamp: number;
      signature: string;
    },
  ): Promise<{ transfer: PartnerTransfer; duplicate: boolean }> {
    const now = clock.now();
    const agreement = agreementOf(ctx, input.partnerCode);
    const credential = credentialOf(ctx, input.partnerCode);
    const { toleranceSeconds } = settings(ctx.options);
    if (
      !signatureValid(
        credential.sharedSecret,
        input.timestamp,
        inboundMessage(input),
        input.signature,
        toleranceSeconds,
        now,
      )
    ) {
      throw pluginError(
        'UNAUTHENTICATED',
        'The transfer signature does not match, or its timestamp is too old',
      );
    }
    const memberId = Number(input.memberId);
    const earlier = await this.find(ctx, agreement.code, 'IN', input.partnerTransferId);
    if (earlier) return { transfer: sameInbound(earlier, memberId, input.partnerPoints), duplicate: true };
    assertAgreementActive(agreement, now);
    assertBlocks(agreement, input.partnerPoints, 'partnerPoints');
    const ourPoints = convert(input.partnerPoints, agreement.inRate, agreement.bonusPercent);
    if (ourPoints < 1) throw fieldError('partnerPoints', 'This is worth less than one of our points');
    await activeMember(ctx, memberId);
    try {
      const transfer = await ctx.store.transaction(async (store) => {
        const transfers = store.repository(PartnerTransfer);
        const { identifiers } = await transfers.insert({
          direction: 'IN',
          partnerCode: agreement.code,
          memberId,
          externalId: input.partnerTransferId,
          partnerMemberId: null,
          ourPoints,
          partnerPoints: input.partnerPoints,
          status: 'CREDITED',
          holdId: null,
          partnerReference: input.partnerTransferId,
          calls: 0,
          lastError: null,
          createdAt: now,
          updatedAt: now,
        });
        const id = Number(identifiers[0].id);
        await store.points.earn({
          memberId,
          points: ourPoints,
          reason: `Transfer from ${agreement.name}`,
          reference: `${agreement.code}:${input.partnerTransferId}`,
          idempotencyKey: `in:${agreement.code}:${input.partnerTransferId}`,
        });
        await assertCaps(transfers, agreement, memberId, 'IN', now);
        return transfers.findOneByOrFail({ id });
      });
      await publish(ctx, transfer);
      return { transfer, duplicate: false };
    } catch (error) {
      const twin = await this.find(ctx, agreement.code, 'IN', input.partnerTransferId);
      if (twin) return { transfer: sameInbound(twin, memberId, input.partnerPoints), duplicate: true };
      throw error;
    }
  }

  private find(ctx: Ctx, partnerCode: string, direction: TransferDirection, externalId: string) {
    return ctx.store.repository(PartnerTransfer).findOneBy({ partnerCode, direction, externalId });
  }
}

async function assertCaps(
  transfers: PluginRepository<PartnerTransfer>,
  agreement: PartnerAgreement,
  memberId: number,
  direction: TransferDirection,
  now: Date,
): Promise<void> {
  const { dayStart, yearStart } = capWindows(now);
  const sum = (since: Date) =>
    transfers.sum('ourPoints', {
      memberId,
      partnerCode: agreement.code,
      direction,
      status: In(COUNTED[direction]),
      createdAt: MoreThanOrEqual(since),
    });
  assertWithinCaps(agreement, { today: await sum(dayStart), thisYear: await sum(yearStart) });
}

/**
 * The partner credited a transfer whose hold was already released (by staff, or by the core before
 * holds of transfers had a far expiry): the member got the points back and the partner credited them
 * too, so the same points are taken back as a debit, never below zero (the rest is in lastError).
 */
async function clawBack(
  store: PluginEntityManager,
  transfer: PartnerTransfer,
  points: number,
): Promise<void> {
  if (points <= 0) return;
  await store.points.reverse({
    memberId: transfer.memberId,
    points,
    reason: `Transfer to ${transfer.partnerCode} confirmed after its hold was released`,
    reference: `${transfer.partnerCode}:${transfer.id}`,
    idempotencyKey: `clawback:${transfer.id}`,
  });
}

async function activeMember(ctx: Ctx, memberId: number): Promise<void> {
  const member = await ctx.members.findById(memberId);
  if (!member)
    throw pluginError('NOT_FOUND', `Member ${memberId} was not found`, {
      entity: 'Member',
      id: String(memberId),
    });
  if (!isActiveMembership(member)) throw pluginError('CONFLICT', `Member ${memberId} is ${member.status}`);
}

function sameOrMismatch(
  transfer: PartnerTransfer,
  key: string,
  points: number,
  partnerMemberId: string,
): PartnerTransfer {
  if (transfer.ourPoints !== points || transfer.partnerMemberId !== partnerMemberId) {
    throw pluginError(
      'IDEMPOTENCY_MISMATCH',
      `The idempotency key "${key}" was already used with a different input`,
      {
        idempotencyKey: key,
      },
    );
  }
  return transfer;
}

function sameInbound(transfer: PartnerTransfer, memberId: number, partnerPoints: number): PartnerTransfer {
  if (transfer.memberId !== memberId || transfer.partnerPoints !== partnerPoints) {
    throw pluginError(
      'IDEMPOTENCY_MISMATCH',
      `Transfer ${transfer.externalId} was already received with a different content`,
      {
        idempotencyKey: transfer.externalId,
      },
    );
  }
  return transfer;
}

async function publish(ctx: Ctx, transfer: PartnerTransfer): Promise<void> {
  const what =
    transfer.direction === 'IN'
      ? `received ${transfer.ourPoints} points from ${transfer.partnerCode}`
      : `transfer of ${transfer.ourPoints} points to ${transfer.partnerCode}: ${transfer.status}`;
  await ctx.activity.publish({
    type: `transfer-${transfer.direction === 'IN' ? 'in' : 'out'}-${transfer.status.toLowerCase()}`,
    memberId: transfer.memberId,
    summary: `Member ${transfer.memberId} ${what}`,
    payload: {
      transferId: String(transfer.id),
      partner: transfer.partnerCode,
      ourPoints: transfer.ourPoints,
      partnerPoints: transfer.partnerPoints,
      status: transfer.status,
    },
  });
}
