import type { EntityManager } from 'typeorm';
import type { ActivityService } from '../activity';
import type { MemberDataParticipant } from '../privacy';
import { TierChangeReason } from './tier.enums';
import { entryTier } from './tier.rules';
import { standingSnapshot, tierRef } from './tier-snapshot';
import type { TiersRepository } from './tiers.repository';
import { clock } from '../../common/clock';

/**
 * Tiers in the privacy operations. Export: the current tier and the whole history. Erase: nothing,
 * since a tier and its history hold no personal data (staff reasons are about the programme).
 * Merge: the history moves to the survivor, who keeps the higher of the two tiers (with its dates,
 * review and manual lock), because neither person should lose status by tidying up a duplicate.
 */
export class TiersMemberDataParticipant implements MemberDataParticipant {
  readonly section = 'tiers';

  constructor(
    private readonly repository: TiersRepository,
    private readonly activity: ActivityService,
  ) {}

  async exportFor(manager: EntityManager, memberId: number): Promise<unknown> {
    const [ladder, rows, history] = await Promise.all([
      this.repository.ladder(manager),
      this.repository.memberTiers(manager, [memberId]),
      this.repository.changesOf(manager, [memberId], null),
    ]);
    const byId = new Map(ladder.map((tier) => [tier.id, tier]));
    const row = rows[0];
    const current = row ? byId.get(row.tierId) : entryTier(ladder);
    return {
      current: current
        ? {
            tier: tierRef(current),
            since: row?.achievedAt.toISOString() ?? null,
            reviewAt: row?.reviewAt?.toISOString() ?? null,
            graceUntil: row?.graceUntil?.toISOString() ?? null,
            manual: row?.manual ?? false,
            manualReason: row?.manualReason ?? null,
          }
        : null,
      history: history.map((change) => ({
        at: change.at.toISOString(),
        reason: change.reason,
        from: change.fromTierId === null ? null : tierRef(byId.get(change.fromTierId)!),
        to: tierRef(byId.get(change.toTierId)!),
        figures: change.figures,
        note: change.note,
      })),
    };
  }

  async erase(): Promise<void> {
    // Nothing personal to remove: tier rows and their history stay for the programme's accounts.
  }

  async merge(manager: EntityManager, { survivorId, mergedId }: { survivorId: number; mergedId: number }) {
    await this.repository.moveChanges(manager, mergedId, survivorId);
    const [ladder, rows] = await Promise.all([
      this.repository.ladder(manager),
      this.repository.memberTiers(manager, [survivorId, mergedId]),
    ]);
    const merged = rows.find((row) => row.memberId === mergedId);
    if (!merged) return;
    const survivor = rows.find((row) => row.memberId === survivorId) ?? null;
    const rankOf = (tierId: number | undefined) => ladder.find((tier) => tier.id === tierId)?.rank ?? 0;
    await this.repository.deleteMemberTier(manager, mergedId);
    if (rankOf(merged.tierId) <= rankOf(survivor?.tierId)) return;

    const { memberId: _unused, updatedAt: _ignored, ...standing } = merged;
    if (survivor) await this.repository.deleteMemberTier(manager, survivorId);
    await this.repository.insertMemberTier(manager, { ...standing, memberId: survivorId });
    const from = survivor ? ladder.find((tier) => tier.id === survivor.tierId)! : entryTier(ladder)!;
    const to = ladder.find((tier) => tier.id === merged.tierId)!;
    await this.repository.insertChange(manager, {
      memberId: survivorId,
      fromTierId: survivor ? from.id : null,
      toTierId: to.id,
      reason: TierChangeReason.MERGED,
      figuresJson: null,
      note: `Merged with member ${mergedId}`,
      changedBy: null,
      at: clock.now(),
    });
    await this.activity.record(manager, {
      type: 'tier.changed',
      memberId: survivorId,
      summary: `Member ${survivorId} moved from ${from.code} to ${to.code} (MERGED)`,
      payload: {
        memberId: survivorId,
        reason: TierChangeReason.MERGED,
        from: tierRef(from),
        to: tierRef(to),
        figures: null,
        ...standingSnapshot(standing),
      },
    });
  }
}
