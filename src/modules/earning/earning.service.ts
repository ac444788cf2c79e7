import type { EntityManager } from 'typeorm';
import { BadUserInputError, ConflictError, NotFoundError } from '../../common/errors';
import type { RequestContext } from '../../common/request-context';
import { isUniqueViolation } from '../../data/database-errors';
import type { ActivityService } from '../activity';
import type { AuditService } from '../audit';
import { isActiveMembership } from '../members';
import { type PointsLedger, PointsSourceKind } from '../points';
import type { ActiveRulesCache } from './active-rules.cache';
import { Behaviour } from './behaviour';
import { behaviourCandidates, capWindow, planBehaviourAward } from './behaviour-award.rules';
import type { BehaviourAwardRecord } from './behaviour-award.entity';
import type { BehaviourAwardsRepository } from './behaviour-awards.repository';
import { evaluateBasket } from './earning.engine';
import type { BehaviourAward, BehaviourAwardResult, EarningBasket, EarningResult } from './earning.types';
import { clock } from '../../common/clock';
import type { Port } from '../../common/port';

export type {
  BehaviourAward,
  BehaviourAwardResult,
  EarningBasket,
  EarningLine,
  EarningResult,
} from './earning.types';

/** Where the earning context learns a member's tier code for tier-targeted behaviour rules. */
export interface MemberTierSource {
  tierOf(manager: EntityManager, memberId: number): Promise<{ code: string } | null>;
}

const BEHAVIOUR_REASONS: Record<Behaviour, string> = {
  [Behaviour.SURVEY_COMPLETED]: 'Survey completed',
  [Behaviour.REVIEW_WRITTEN]: 'Review written',
  [Behaviour.REFERRAL_REFERRER]: 'Referred a friend',
  [Behaviour.REFERRAL_REFEREE]: 'Joined through a referral',
  [Behaviour.SOCIAL_SHARE]: 'Shared on social media',
  [Behaviour.GREEN_ACTION]: 'Green action',
  [Behaviour.CHARITY_PARTICIPATION]: 'Took part in a charity event',
  [Behaviour.BIRTHDAY]: 'Birthday',
};

/** What orders (and previews) and behaviours earn, by the rules in force. */
export class EarningService {
  constructor(
    private readonly rules: ActiveRulesCache,
    private readonly awards: BehaviourAwardsRepository,
    private readonly ledger: PointsLedger,
    private readonly audit: AuditService,
    private readonly activity: ActivityService,
    /** The member's tier for targeted awards, bound by the composition root (tiers are built after earning). */
    private readonly tiers: Port<MemberTierSource>,
  ) {}

  /** What the basket earns under the active rules: records nothing (orders earn through the ledger). */
  async evaluateOrder(manager: EntityManager, basket: EarningBasket): Promise<EarningResult> {
    return evaluateBasket(await this.rules.get(manager), basket);
  }

  /**
   * Rewards a behaviour inside the caller's transaction: once per member, behaviour and reference (a
   * repeat returns the first award with alreadyAwarded), within the rules' caps, through the ledger
   * (source BEHAVIOUR, with the paying rule and an explanation). No rule or a reached cap earns nothing
   * but still answers; a capped award is recorded, so the reference stays decided.
   */
  async awardBehaviour(
    ctx: RequestContext,
    manager: EntityManager,
    award: BehaviourAward,
  ): Promise<BehaviourAwardResult> {
    const reference = award.reference.trim();
    if (reference.length === 0 || reference.length > 191) {
      throw BadUserInputError.field('reference', 'reference must be 1 to 191 characters');
    }
    const member = await this.awards.lockMember(manager, award.memberId);
    if (!member) throw new NotFoundError('Member', award.memberId);
    const existing = await this.awards.find(manager, award.memberId, award.behaviour, reference);
    if (existing) return repeated(existing);
    if (!isActiveMembership(member)) {
      throw new ConflictError(`Member ${award.memberId} is ${member.status} and cannot earn points`, {
        status: member.status,
      });
    }

    const at = award.at ?? clock.now();
    const tierCode =
      award.tierCode !== undefined
        ? award.tierCode
        : ((await this.tiers.get().tierOf(manager, award.memberId))?.code ?? null);
    const request = {
      behaviour: award.behaviour,
      reference,
      at,
      tierCode,
      channel: award.channel ?? null,
      storeId: award.storeId ?? null,
    };
    const candidates = behaviourCandidates(await this.rules.get(manager), request);
    const window = capWindow(candidates, at);
    const earlier = window
      ? await this.awards.paidAwardTimes(manager, award.memberId, award.behaviour, window)
      : [];
    const plan = planBehaviourAward(candidates, request, earlier);
    if (!plan.anyRule) return { points: 0, entryId: null, capped: false, alreadyAwarded: false };

    const primary = plan.applied[0] ?? plan.capped[0];
    const capped = plan.capped.length > 0;
    let awardId: number;
    try {
      awardId = await this.awards.insert(manager, {
        memberId: award.memberId,
        behaviour: award.behaviour,
        ruleId: primary.id,
        ruleVersion: primary.version,
        reference,
        points: plan.points,
        capped,
        ledgerEntryId: null,
        channel: request.channel,
        storeId: request.storeId,
        awardedAt: at,
      });
    } catch (error) {
      // A concurrent twin with the same reference committed first: answer with its award.
      if (!isUniqueViolation(error)) throw error;
      const twin = await this.awards.find(manager, award.memberId, award.behaviour, reference);
      if (!twin) throw error;
      return repeated(twin);
    }

    let entryId: number | null = null;
    if (plan.points > 0) {
      const movement = await this.ledger.earn(manager, {
        memberId: award.memberId,
        points: plan.points,
        source: {
          kind: PointsSourceKind.BEHAVIOUR,
          channel: request.channel,
          storeId: request.storeId,
          reference: `behaviour:${award.behaviour}:${reference}`,
          staffUserId:
            ctx.principal?.role === 'staff' || ctx.principal?.role === 'admin' ? ctx.principal.subject : null,
        },
        reason: `${BEHAVIOUR_REASONS[award.behaviour]} (${reference})`,
        explanation: plan.explanation,
        ruleId: primary.id,
        at,
      });
      entryId = movement.entryId;
      await this.awards.setLedgerEntry(manager, awardId, entryId);
      await this.activity.record(manager, {
        type: 'behaviour.rewarded',
        memberId: award.memberId,
        channel: request.channel,
        summary: `Member ${award.memberId} earned ${plan.points} pts for ${award.behaviour}`,
        payload: {
          behaviour: award.behaviour,
          reference,
          points: plan.points,
          capped,
          rules: plan.applied.map((r) => ({ id: r.id, version: r.version })),
          ledgerEntryId: entryId,
        },
      });
    }
    await this.audit.record(ctx, manager, {
      action: 'earning.behaviour.award',
      targetType: 'member',
      targetId: award.memberId,
      after: {
        behaviour: award.behaviour,
        reference,
        points: plan.points,
        capped,
        rules: plan.applied.map((r) => ({ id: r.id, version: r.version })),
        cappedRules: plan.capped.map((r) => ({ id: r.id, version: r.version })),
        ledgerEntryId: entryId,
      },
    });
    return { points: plan.points, entryId, capped, alreadyAwarded: false };
  }
}

function repeated(award: BehaviourAwardRecord): BehaviourAwardResult {
  return {
    points: Number(award.points),
    entryId: award.ledgerEntryId === null ? null : Number(award.ledgerEntryId),
    capped: Boolean(award.capped),
    alreadyAwarded: true,
  };
}
