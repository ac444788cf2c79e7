import type { EntityManager } from 'typeorm';
import { BadUserInputError } from '../../common/errors';
import type { RequestContext } from '../../common/request-context';
import type { Database } from '../../data/database';
import type { JobProgress, JobReport } from '../../jobs/job';
import type { ActivityService } from '../activity';
import type { AuditService } from '../audit';
import { FeedbackGrouping, scoresOf, type FeedbackRepository } from '../feedback';
import { KpiGrouping } from './insight.enums';
import type { InsightFilter, InsightRepository } from './insight.repository';
import type { InsightSettings, UpdateInsightSettingsInput } from './insight-settings.entity';
import type { ProgramKpis, ProgramKpisInput } from './insight.types';
import { memberFacts, type MemberFacts } from './lifecycle.rules';
import type { MemberInsight } from './member-insight.entity';
import { quintileScorer, rfmSegment } from './rfm.rules';
import { clock } from '../../common/clock';

const MEMBERS_PER_BATCH = 500;

function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 100 : null;
}

/**
 * Segments, lifecycle and value. The recompute reads every active member's orders in batches, scores
 * R, F and M by quintile over those with orders, and writes each batch in one transaction with a
 * `member.lifecycle-changed` event per member whose stage changed since the last run (the first run
 * sets stages silently). Re-running with the same `now` changes nothing and raises no event. Each batch
 * transaction first locks the settings row, so two instances running at once write batches one after
 * the other and the second compares with what the first wrote: a change raises one event.
 */
export class InsightService {
  constructor(
    private readonly db: Database,
    private readonly repository: InsightRepository,
    private readonly feedback: FeedbackRepository,
    private readonly activity: ActivityService,
    private readonly audit: AuditService,
  ) {}

  async recompute(now: Date, progress?: JobProgress): Promise<JobReport> {
    const manager = this.db.manager;
    const settings = await this.repository.settings(manager);
    const total = await this.repository.countActiveMembers(manager);
    const all: { memberId: number; facts: MemberFacts }[] = [];
    for (let after = 0; ;) {
      const ids = await this.repository.activeMemberIds(manager, after, MEMBERS_PER_BATCH);
      if (!ids.length) break;
      const orders = await this.repository.ordersOf(manager, ids, now);
      for (const memberId of ids)
        all.push({ memberId, facts: memberFacts(orders.get(memberId)!, now, settings) });
      after = ids[ids.length - 1];
      progress?.(all.length, total * 2);
    }
    const scored = all.filter((entry) => entry.facts.orderCount > 0);
    const recency = quintileScorer(scored.map((e) => e.facts.lastOrderAt!.getTime()));
    const frequency = quintileScorer(scored.map((e) => e.facts.orderCount));
    const monetary = quintileScorer(scored.map((e) => e.facts.monetaryMinor));

    let changes = 0;
    for (let i = 0; i < all.length; i += MEMBERS_PER_BATCH) {
      const batch = all.slice(i, i + MEMBERS_PER_BATCH);
      changes += await this.db.transaction(async (tx) => {
        await this.repository.lockSettings(this.db, tx);
        const previous = new Map(
          (
            await this.repository.insightsOf(
              tx,
              batch.map((e) => e.memberId),
            )
          ).map((row) => [row.memberId, row]),
        );
        let changed = 0;
        const rows = [] as MemberInsight[];
        for (const { memberId, facts } of batch) {
          const before = previous.get(memberId);
          const scores =
            facts.orderCount > 0
              ? {
                  recencyScore: recency(facts.lastOrderAt!.getTime()),
                  frequencyScore: frequency(facts.orderCount),
                  monetaryScore: monetary(facts.monetaryMinor),
                }
              : { recencyScore: null, frequencyScore: null, monetaryScore: null };
          const segment =
            scores.recencyScore === null
              ? null
              : rfmSegment(scores.recencyScore, scores.frequencyScore!, scores.monetaryScore!);
          const stageChanged = before !== undefined && before.lifecycleStage !== facts.stage;
          rows.push({
            memberId,
            orderCount: facts.orderCount,
            firstOrderAt: facts.firstOrderAt,
            lastOrderAt: facts.lastOrderAt,
            recencyDays: facts.recencyDays,
            monetaryMinor: facts.monetaryMinor,
            averageOrderValueMinor: facts.averageOrderValueMinor,
            cadenceDays: facts.cadenceDays,
            ...scores,
            segment,
            lifecycleStage: facts.stage,
            lifecycleChangedAt: before && !stageChanged ? before.lifecycleChangedAt : now,
            churnRisk: facts.churnRisk,
            clvMinor: facts.clvMinor,
            homeStoreId: facts.homeStoreId,
            mainChannel: facts.mainChannel,
            computedAt: now,
          } as MemberInsight);
          if (stageChanged) {
            changed += 1;
            await this.activity.record(tx, {
              type: 'member.lifecycle-changed',
              memberId,
              channel: facts.mainChannel,
              storeId: facts.homeStoreId,
              summary: `Member ${memberId} moved from ${before.lifecycleStage} to ${facts.stage}`,
              payload: {
                from: before.lifecycleStage,
                to: facts.stage,
                segment,
                churnRisk: facts.churnRisk,
                orderCount: facts.orderCount,
                recencyDays: facts.recencyDays,
                cadenceDays: facts.cadenceDays,
              },
            });
          }
        }
        await this.repository.replaceInsights(tx, rows);
        return changed;
      });
      progress?.(total + i + batch.length, total * 2);
    }
    const removed = await this.db.transaction((tx) => this.repository.deleteInactive(tx));
    return { members: all.length, scored: scored.length, stageChanges: changes, removed };
  }

  page(filter: InsightFilter, afterId: number | null, limit: number): Promise<MemberInsight[]> {
    return this.repository.page(this.db.manager, filter, afterId, limit);
  }

  settings(): Promise<InsightSettings> {
    return this.repository.settings(this.db.manager);
  }

  async updateSettings(ctx: RequestContext, input: UpdateInsightSettingsInput): Promise<InsightSettings> {
    await this.db.transaction(async (manager: EntityManager) => {
      const before = await this.repository.settings(manager);
      const after = {
        ...before,
        ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== null)),
      };
      if (after.churnedAfterCadences <= after.decliningAfterCadences) {
        throw BadUserInputError.field(
          'churnedAfterCadences',
          'churnedAfterCadences must be above decliningAfterCadences',
        );
      }
      await this.repository.updateSettings(manager, { ...after, updatedAt: clock.now() });
      await this.audit.record(ctx, manager, {
        action: 'insight.settings.update',
        targetType: 'insight_settings',
        targetId: 1,
        before,
        after,
      });
    });
    return this.settings();
  }

  /** The programme KPIs over [from, to), per channel, per store, or for everything (README: definitions). */
  async kpis(input: ProgramKpisInput): Promise<ProgramKpis[]> {
    if (input.to <= input.from) throw BadUserInputError.field('to', 'to must be after from');
    const manager = this.db.manager;
    const { from, to, groupBy } = input;
    const [orders, repeat, retained, joined, points, feedback] = await Promise.all([
      this.repository.orderFigures(manager, groupBy, from, to),
      this.repository.repeatBuyers(manager, groupBy, from, to),
      this.repository.retained(manager, groupBy, from, to),
      this.repository.newMembers(manager, groupBy, from, to),
      this.repository.points(manager, groupBy, from, to),
      this.feedback.counts(
        manager,
        { from, to },
        groupBy === KpiGrouping.CHANNEL
          ? FeedbackGrouping.CHANNEL
          : groupBy === KpiGrouping.STORE
            ? FeedbackGrouping.STORE
            : FeedbackGrouping.NONE,
      ),
    ]);
    const npsByKey = new Map(feedback.map((row) => [row.key, row]));
    // Figures with no channel or store (points redeemed or expired, answers given outside a channel)
    // keep their own row, key null, as feedbackSummary does: every grouping adds up to the total.
    const keys =
      groupBy === KpiGrouping.NONE
        ? [null]
        : [...new Set([...orders.keys(), ...joined.keys(), ...points.keys(), ...npsByKey.keys()])];
    const n = (value: unknown) => Number(value ?? 0);
    return keys
      .map((key): ProgramKpis => {
        const o = orders.get(key);
        const p = points.get(key);
        const f = npsByKey.get(key);
        const buyers = n(o?.buyers);
        const issued = n(p?.issued);
        const previous = n(retained.get(key)?.previous);
        return {
          key,
          newMembers: groupBy === KpiGrouping.STORE ? null : n(joined.get(key)?.members),
          activeMembers: buyers,
          orders: n(o?.orders),
          revenueMinor: n(o?.revenue),
          averageOrderValueMinor: n(o?.orders) > 0 ? Math.round(n(o?.revenue) / n(o?.orders)) : null,
          repurchaseRate: percent(n(repeat.get(key)?.members), buyers),
          retentionRate: percent(n(retained.get(key)?.retained), previous),
          pointsIssued: issued,
          pointsRedeemed: n(p?.redeemed),
          pointsExpired: n(p?.expired),
          redemptionRate: percent(n(p?.redeemed), issued),
          breakageRate: percent(n(p?.expired), issued),
          npsResponses: f?.npsResponses ?? 0,
          nps: f ? scoresOf(f).nps : null,
        };
      })
      .sort((a, b) => (a.key ?? '').localeCompare(b.key ?? ''));
  }
}
