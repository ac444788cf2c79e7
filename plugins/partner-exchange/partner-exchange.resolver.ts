import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { fieldError, type PluginResolverAccess, clock } from '@loyalty-bff/plugin-sdk';
import type { Breakers } from './circuit-breaker';
import type { PartnerExchangeOptions } from './partner-exchange.options';
import { healthReport, settlementReport } from './partner-exchange.reports';
import type { PartnerExchangeService } from './partner-exchange.service';
import {
  PartnerExchangeAgreement,
  PartnerExchangeHealth,
  PartnerExchangeQuote,
  PartnerExchangeQuoteInput,
  PartnerExchangeReceipt,
  PartnerExchangeReceiveTransferInput,
  PartnerExchangeSettlement,
  PartnerExchangeSettlementInput,
  PartnerExchangeTransfer,
  PartnerExchangeTransferOutInput,
  PartnerExchangeTransfersFilter,
} from './partner-exchange.types';
import { PartnerTransfer } from './partner-transfer.entity';

const ANYONE = { roles: ['member', 'staff', 'admin'] as ('member' | 'staff' | 'admin')[] };
const ADMIN = { roles: ['admin'] as 'admin'[] };

/** Thin: who may call, then the service. Partners' own systems call only the inbound transfer. */
@Resolver()
export class PartnerExchangeResolver {
  constructor(
    private readonly access: PluginResolverAccess<PartnerExchangeOptions>,
    private readonly service: PartnerExchangeService,
    private readonly breakers: Breakers,
  ) {}

  @Query(() => [PartnerExchangeAgreement], { description: 'Partner programmes and their terms' })
  async partnerExchangePartners(@Ctx() context: unknown): Promise<PartnerExchangeAgreement[]> {
    const ctx = await this.access.context(context, ANYONE);
    const now = clock.now();
    return ctx.options.partners.map((p) => ({
      ...p,
      bonusPercent: p.bonusPercent ?? 0,
      active: now >= new Date(p.validFrom) && now < new Date(p.validUntil),
    }));
  }

  @Query(() => PartnerExchangeQuote)
  async partnerExchangeQuote(
    @Arg('input') input: PartnerExchangeQuoteInput,
    @Ctx() context: unknown,
  ): Promise<PartnerExchangeQuote> {
    const ctx = await this.access.context(context, ANYONE);
    return this.service.quote(ctx, input.partnerCode, input.direction, input.points);
  }

  @Mutation(() => PartnerExchangeTransfer, {
    description: 'Our points to the partner: held, sent, then spent when the partner confirms',
  })
  async partnerExchangeTransferOut(
    @Arg('input') input: PartnerExchangeTransferOutInput,
    @Ctx() context: unknown,
  ): Promise<PartnerExchangeTransfer> {
    const ctx = await this.access.context(context, ANYONE);
    const memberId = Number(input.memberId);
    ctx.caller.assertMayActFor(memberId);
    return view(await this.service.transferOut(ctx, { ...input, memberId }));
  }

  @Mutation(() => PartnerExchangeReceipt, {
    description:
      "A partner credits our member (the partner's API key, and the transfer signed with its shared secret)",
  })
  async partnerExchangeReceiveTransfer(
    @Arg('input') input: PartnerExchangeReceiveTransferInput,
    @Ctx() context: unknown,
  ): Promise<PartnerExchangeReceipt> {
    const ctx = await this.access.context(context, { roles: [], partnerScope: 'points:earn' });
    const { transfer, duplicate } = await this.service.receive(ctx, input);
    return { transfer: view(transfer), duplicate };
  }

  @Query(() => [PartnerExchangeTransfer], { description: 'Newest first; members see their own' })
  async partnerExchangeTransfers(
    @Arg('filter', () => PartnerExchangeTransfersFilter, { nullable: true })
    filter: PartnerExchangeTransfersFilter | null,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Ctx() context: unknown,
  ): Promise<PartnerExchangeTransfer[]> {
    const ctx = await this.access.context(context, ANYONE);
    if (first < 1 || first > 100) throw fieldError('first', 'first must be between 1 and 100');
    const memberId = filter?.memberId ? Number(filter.memberId) : ctx.caller.memberId;
    if (memberId !== null) ctx.caller.assertMayActFor(memberId);
    else if (ctx.caller.role === 'member') throw fieldError('memberId', 'Give your member id');
    const rows = await ctx.store.repository(PartnerTransfer).find({
      where: {
        ...(memberId !== null ? { memberId } : {}),
        ...(filter?.partnerCode ? { partnerCode: filter.partnerCode } : {}),
      },
      order: { id: 'DESC' },
      take: first,
    });
    return rows.map(view);
  }

  @Query(() => PartnerExchangeSettlement, { description: 'What is owed each way for a period' })
  async partnerExchangeSettlement(
    @Arg('input') input: PartnerExchangeSettlementInput,
    @Ctx() context: unknown,
  ): Promise<PartnerExchangeSettlement> {
    const ctx = await this.access.context(context, ADMIN);
    const from = new Date(input.from);
    const to = new Date(input.to);
    if (!(from < to)) throw fieldError('to', 'to must be after from');
    return settlementReport(ctx, input.partnerCode, from, to);
  }

  @Query(() => [PartnerExchangeHealth], { description: 'Volumes, success and failure rates, breaker state' })
  async partnerExchangeHealth(@Ctx() context: unknown): Promise<PartnerExchangeHealth[]> {
    const ctx = await this.access.context(context, ADMIN);
    return healthReport(ctx, this.breakers);
  }
}

function view(transfer: PartnerTransfer): PartnerExchangeTransfer {
  return {
    id: String(transfer.id),
    direction: transfer.direction,
    partnerCode: transfer.partnerCode,
    memberId: String(transfer.memberId),
    ourPoints: transfer.ourPoints,
    partnerPoints: transfer.partnerPoints,
    status: transfer.status,
    partnerReference: transfer.partnerReference,
    lastError: transfer.lastError,
    createdAt: transfer.createdAt,
    updatedAt: transfer.updatedAt,
  };
}
