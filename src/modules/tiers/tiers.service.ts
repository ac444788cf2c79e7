import type { EntityManager } from 'typeorm';
import { ConflictError, NotFoundError } from '../../common/errors';
import type { RequestContext } from '../../common/request-context';
import type { Database } from '../../data/database';
import type { JobProgress, JobReport } from '../../jobs/job';
import type { AuditService } from '../audit';
import { isRetiredMembership, MembersRepository } from '../members';
import type { MemberTierRow } from './member-tier.entity';
import { membersInTiersCondition } from './members-in-tiers.condition';
import type { MemberTierStatus, TierProgress } from './member-tier.types';
import type { QualificationFiguresReader } from './qualification-figures';
import type { TierChangeWriter } from './tier-change.writer';
import { windowStart } from './tier-dates';
import type { Tier } from './tier.entity';
import { TierChangeReason } from './tier.enums';
import {
  decideAssignment,
  decideRelease,
  decideReview,
  decideUpgrade,
  entryStanding,
  entryTier,
  progressOf,
  type Standing,
} from './tier.rules';
import type { TierSettings } from './tier-settings.entity';
import { standingSnapshot, tierRef } from './tier-snapshot';
import type { TiersRepository } from './tiers.repository';
import { clock } from '../../common/clock';

export type { OrderQualificationSource, PointsQualificationSource } from './qualification-figures';

/** A member's current tier as other contexts need it (earning multiplier, reward restrictions). */
export interface MemberTier {
  tierId: number;
  code: string;
  name: string;
  /** 0 for the entry tier; higher is better. */
  rank: number;
  earnMultiplier: number;
}

/** Members reviewed per transaction by the review job. */
const REVIEW_BATCH = 200;

function standingOf(row: MemberTierRow | undefined | null, entry: Tier): Standing {
  if (!row) return entryStanding(entry);
  return {
    tierId: row.tierId,
    achievedAt: row.achievedAt,
    reviewAt: row.reviewAt,
    graceUntil: row.graceUntil,
    manual: row.manual,
  };
}

function toMemberTier(tier: Tier): MemberTier {
  return {
    tierId: tier.id,
    code: tier.code,
    name: tier.name,
    rank: tier.rank,
    earnMultiplier: tier.earnMultiplierPermille / 1000,
  };
}

/**
 * Members' tiers: reading them (for other contexts and GraphQL), upgrading after an order, the
 * periodic review with grace, and staff assignments. Every change goes through TierChangeWriter,
 * in the same transaction as what caused it.
 */
export class TiersService {
  constructor(
    private readonly db: Database,
    private readonly repository: TiersRepository,
    private readonly figures: QualificationFiguresReader,
    private readonly writer: TierChangeWriter,
    private readonly audit: AuditService,
  ) {}

  /** The member row is the members context's: its status is read through its repository. */
  private readonly members = new MembersRepository();

  /** The member's tier; the entry tier when they have no row; null when the ladder has no entry tier. */
  async tierOf(manager: EntityManager, memberId: number): Promise<MemberTier | null> {
    return (await this.tiersOf(manager, [memberId])).get(memberId) ?? null;
  }

  /** Batch variant: one statement for the ladder and one for the members' rows. */
  async tiersOf(manager: EntityManager, memberIds: readonly number[]): Promise<Map<number, MemberTier>> {
    const [ladder, rows] = await Promise.all([
      this.repository.ladder(manager),
      this.repository.memberTiers(manager, memberIds),
    ]);
    const result = new Map<number, MemberTier>();
    const entry = entryTier(ladder);
    const byId = new Map(ladder.map((tier) => [tier.id, tier]));
    const rowOf = new Map(rows.map((row) => [row.memberId, row]));
    for (const memberId of memberIds) {
      const row = rowOf.get(memberId);
      const tier = row ? byId.get(row.tierId) : entry;
      if (tier) result.set(memberId, toMemberTier(tier));
    }
    return result;
  }

  /**
   * The tier a member holds given their member_tier row's tier id (null: no row, the entry tier), for
   * callers that already read that row with their own data (recording an order): no statement beyond
   * the cached ladder.
   */
  async tierFromRow(manager: EntityManager, tierId: number | null): Promise<MemberTier | null> {
    const ladder = await this.repository.ladder(manager);
    const tier = tierId === null ? entryTier(ladder) : ladder.find((t) => t.id === tierId);
    return tier ? toMemberTier(tier) : null;
  }

  /** The rank of a tier code, or null when there is no such tier. */
  async rankOfCode(manager: EntityManager, code: string): Promise<number | null> {
    return (await this.repository.findTierByCode(manager, code))?.rank ?? null;
  }

  ladder(manager: EntityManager = this.db.manager): Promise<Tier[]> {
    return this.repository.ladder(manager);
  }

  /** Members whose current tier is one of the codes, as SQL other contexts' filters embed (the activity feed's). */
  async membersInTiers(manager: EntityManager, tierCodes: readonly string[]) {
    return membersInTiersCondition(await this.ladder(manager), tierCodes);
  }

  settings(manager: EntityManager = this.db.manager): Promise<TierSettings> {
    return this.repository.settings(manager);
  }

  /**
   * Upgrade at once when a threshold is met (after an order or earn); never downgrades. Runs in the
   * caller's transaction, so the order that crossed the threshold counts.
   */
  async evaluateUpgrade(
    _ctx: RequestContext,
    manager: EntityManager,
    memberId: number,
    at: Date,
  ): Promise<void> {
    const [ladder, settings] = await Promise.all([
      this.repository.ladder(manager),
      this.repository.settings(manager),
    ]);
    const entry = entryTier(ladder);
    if (!entry) return;
    const row = await this.repository.memberTierForUpdate(this.db, manager, memberId);
    if (row?.manual) return;
    const since = windowStart(at, settings.windowMonths);
    // Qualifying points cost an aggregate over the ledger: read them only when a tier asks for them
    // (then they decide) or when a change is written (its record keeps every figure).
    const usesPoints = ladder.some((tier) => tier.minPoints !== null);
    const figures = (await this.figures.figuresOf(manager, [memberId], since, { points: usesPoints })).get(
      memberId,
    )!;
    const decision = decideUpgrade(ladder, standingOf(row, entry), figures, at, settings);
    if (!decision) return;
    const recorded = usesPoints
      ? figures
      : (await this.figures.figuresOf(manager, [memberId], since)).get(memberId)!;
    await this.writer.apply(manager, row, { memberId, decision, figures: recorded });
  }

  /**
   * The periodic review of every member whose review is due at `now`, in batches of one transaction
   * each. Idempotent: every outcome moves the member's next due date past `now`.
   */
  async review(now: Date, progress?: JobProgress): Promise<JobReport> {
    const report: JobReport = {
      reviewed: 0,
      kept: 0,
      graceStarted: 0,
      downgraded: 0,
      upgraded: 0,
      skipped: 0,
    };
    const counters: Partial<Record<TierChangeReason, keyof typeof report>> = {
      [TierChangeReason.KEPT]: 'kept',
      [TierChangeReason.GRACE_STARTED]: 'graceStarted',
      [TierChangeReason.DOWNGRADE]: 'downgraded',
      [TierChangeReason.UPGRADE]: 'upgraded',
    };
    let after = 0;
    for (;;) {
      const memberIds = await this.repository.dueForReview(this.db.manager, now, after, REVIEW_BATCH);
      if (memberIds.length === 0) break;
      after = memberIds[memberIds.length - 1];
      await this.db.transaction(async (manager) => {
        const [ladder, settings, rows] = await Promise.all([
          this.repository.ladder(manager),
          this.repository.settings(manager),
          this.repository.memberTiers(manager, memberIds),
        ]);
        const entry = entryTier(ladder);
        if (!entry) return;
        const figures = await this.figures.figuresOf(
          manager,
          memberIds,
          windowStart(now, settings.windowMonths),
        );
        for (const row of rows) {
          const decision = decideReview(
            ladder,
            standingOf(row, entry),
            figures.get(row.memberId)!,
            now,
            settings,
          );
          const applied =
            decision !== null &&
            (await this.writer.apply(manager, row, {
              memberId: row.memberId,
              decision,
              figures: figures.get(row.memberId)!,
            }));
          report.reviewed += 1;
          if (applied) report[counters[decision.reason]!] += 1;
          else report.skipped += 1;
        }
      });
      progress?.(report.reviewed, report.reviewed + (memberIds.length === REVIEW_BATCH ? REVIEW_BATCH : 0));
    }
    return report;
  }

  /** Staff put a member on a tier by hand (paid tiers included); automatic changes stop until release. */
  async assign(
    ctx: RequestContext,
    memberId: number,
    tierCode: string,
    reason: string,
  ): Promise<MemberTierStatus> {
    return this.db.transaction(async (manager) => {
      await this.assertMemberCanHoldTier(manager, memberId);
      const ladder = await this.repository.ladder(manager);
      const tier = ladder.find((t) => t.code === tierCode);
      if (!tier) throw new NotFoundError('Tier', tierCode);
      const entry = entryTier(ladder);
      if (!entry) throw new ConflictError('The ladder has no entry tier (rank 0) yet');
      const row = await this.repository.memberTierForUpdate(this.db, manager, memberId);
      const decision = decideAssignment(ladder, standingOf(row, entry), tier, clock.now());
      const changedBy = ctx.principal?.subject ?? null;
      await this.writer.applyOrConflict(manager, row, {
        memberId,
        decision,
        figures: null,
        note: reason,
        changedBy,
      });
      await this.audit.record(ctx, manager, {
        action: 'tier.assign',
        targetType: 'member',
        targetId: memberId,
        before: row
          ? { tier: tierRef(decision.from), ...standingSnapshot(standingOf(row, entry)) }
          : { tier: tierRef(entry) },
        after: { tier: tierRef(tier), ...standingSnapshot(decision.standing), reason },
      });
      return (await this.statusOf(manager, [memberId])).get(memberId)!;
    });
  }

  /**
   * Ends a manual assignment: the member moves at once to the tier their figures reach (see
   * decideRelease) and a new review period starts.
   */
  async release(ctx: RequestContext, memberId: number): Promise<MemberTierStatus> {
    return this.db.transaction(async (manager) => {
      await this.assertMemberCanHoldTier(manager, memberId);
      const [ladder, settings] = await Promise.all([
        this.repository.ladder(manager),
        this.repository.settings(manager),
      ]);
      const entry = entryTier(ladder);
      const row = await this.repository.memberTierForUpdate(this.db, manager, memberId);
      if (!entry || !row?.manual) {
        throw new ConflictError(`Member ${memberId} has no manual tier assignment to release`);
      }
      const now = clock.now();
      const figures = (
        await this.figures.figuresOf(manager, [memberId], windowStart(now, settings.windowMonths))
      ).get(memberId)!;
      const decision = decideRelease(ladder, standingOf(row, entry), figures, now, settings);
      const changedBy = ctx.principal?.subject ?? null;
      await this.writer.applyOrConflict(manager, row, { memberId, decision, figures, changedBy });
      await this.audit.record(ctx, manager, {
        action: 'tier.release',
        targetType: 'member',
        targetId: memberId,
        before: {
          tier: tierRef(decision.from),
          ...standingSnapshot(standingOf(row, entry)),
          reason: row.manualReason,
        },
        after: { tier: tierRef(decision.to), ...standingSnapshot(decision.standing), figures },
      });
      return (await this.statusOf(manager, [memberId])).get(memberId)!;
    });
  }

  /** Members' tier status; absent for a member only when the ladder has no entry tier. */
  async statusOf(
    manager: EntityManager,
    memberIds: readonly number[],
    preloaded?: { ladder: Tier[]; rows: MemberTierRow[] },
  ): Promise<Map<number, MemberTierStatus>> {
    const [ladder, rows] = preloaded
      ? [preloaded.ladder, preloaded.rows]
      : await Promise.all([this.repository.ladder(manager), this.repository.memberTiers(manager, memberIds)]);
    const entry = entryTier(ladder);
    const byId = new Map(ladder.map((tier) => [tier.id, tier]));
    const rowOf = new Map(rows.map((row) => [row.memberId, row]));
    const result = new Map<number, MemberTierStatus>();
    if (!entry) return result;
    for (const memberId of memberIds) {
      const row = rowOf.get(memberId);
      result.set(memberId, {
        tier: row ? byId.get(row.tierId)! : entry,
        since: row?.achievedAt ?? null,
        reviewAt: row?.reviewAt ?? null,
        graceUntil: row?.graceUntil ?? null,
        manual: row?.manual ?? false,
        manualReason: row?.manualReason ?? null,
      });
    }
    return result;
  }

  /** Progress of a batch of members at `now`: one call per figures source for the whole batch. */
  async progress(
    memberIds: readonly number[],
    now = clock.now(),
    preloaded?: { ladder: Tier[]; settings: TierSettings; rows: MemberTierRow[] },
  ): Promise<Map<number, TierProgress>> {
    const manager = this.db.manager;
    const [ladder, settings, rows] = preloaded
      ? [preloaded.ladder, preloaded.settings, preloaded.rows]
      : await Promise.all([
          this.repository.ladder(manager),
          this.repository.settings(manager),
          this.repository.memberTiers(manager, memberIds),
        ]);
    const result = new Map<number, TierProgress>();
    const entry = entryTier(ladder);
    if (!entry) return result;
    const since = windowStart(now, settings.windowMonths);
    const figures = await this.figures.figuresOf(manager, memberIds, since);
    const rowOf = new Map(rows.map((row) => [row.memberId, row]));
    for (const memberId of memberIds) {
      const memberFigures = figures.get(memberId)!;
      const progress = progressOf(ladder, standingOf(rowOf.get(memberId), entry), memberFigures);
      result.set(memberId, { ...progress, figures: memberFigures, windowStart: since, asOf: now });
    }
    return result;
  }

  /** Merged and erased members keep their rows for history but take no new tier. */
  private async assertMemberCanHoldTier(manager: EntityManager, memberId: number): Promise<void> {
    const member = await this.members.statusQuery(manager, memberId).getOne();
    if (!member) throw new NotFoundError('Member', memberId);
    if (isRetiredMembership(member)) {
      throw new ConflictError(`Member ${memberId} is ${member.status}: their tier cannot change`, {
        status: member.status,
      });
    }
  }
}
