import { In, type EntityManager } from 'typeorm';
import type { Database } from '../../data/database';
import { MemberTierRow } from './member-tier.entity';
import { TierChange } from './tier-change.entity';
import { DEFAULT_TIER_SETTINGS, TIER_SETTINGS_ID, TierSettings } from './tier-settings.entity';
import { Tier } from './tier.entity';
import { clock } from '../../common/clock';
import { ConfigCache, CONFIG_TTL_MS } from '../../common/config-cache';

/** Every query the tiers context runs; methods take the manager so they work inside a transaction. */
export class TiersRepository {
  // Every order reads the ladder and the settings (earn multiplier, upgrade check); admins change them
  // rarely. An empty ladder is not kept: a seed may be about to fill it.
  private readonly ladderCache = new ConfigCache<Tier[]>(CONFIG_TTL_MS, (ladder) => ladder.length > 0);
  private readonly settingsCache = new ConfigCache<TierSettings>(CONFIG_TTL_MS);

  /** The whole ladder, lowest rank first: a handful of rows, read whole (cached a few seconds). */
  ladder(manager: EntityManager): Promise<Tier[]> {
    return this.ladderCache.get(() => manager.find(Tier, { order: { rank: 'ASC' } }));
  }

  /** Forget the cached ladder and settings (after any change to them). */
  invalidateConfig(): void {
    this.ladderCache.invalidate();
    this.settingsCache.invalidate();
  }

  findTierByCode(manager: EntityManager, code: string): Promise<Tier | null> {
    return manager.findOne(Tier, { where: { code } });
  }

  findTierByRank(manager: EntityManager, rank: number): Promise<Tier | null> {
    return manager.findOne(Tier, { where: { rank } });
  }

  async insertTier(manager: EntityManager, values: Partial<Tier>): Promise<Tier> {
    this.invalidateConfig();
    const now = clock.now();
    const result = await manager.insert(Tier, { ...values, createdAt: now, updatedAt: now });
    return (await manager.findOne(Tier, { where: { id: Number(result.identifiers[0].id) } }))!;
  }

  async updateTier(manager: EntityManager, id: number, values: Partial<Tier>): Promise<Tier> {
    this.invalidateConfig();
    await manager.update(Tier, { id }, { ...values, updatedAt: clock.now() });
    return (await manager.findOne(Tier, { where: { id } }))!;
  }

  /** The settings row, or the defaults when an admin never changed them. */
  settings(manager: EntityManager): Promise<TierSettings> {
    return this.settingsCache.get(async () => {
      const row = await manager.findOne(TierSettings, { where: { id: TIER_SETTINGS_ID } });
      return (
        row ??
        Object.assign(new TierSettings(), { id: TIER_SETTINGS_ID, ...DEFAULT_TIER_SETTINGS, updatedAt: null })
      );
    });
  }

  async saveSettings(manager: EntityManager, values: Omit<TierSettings, 'id'>): Promise<TierSettings> {
    this.invalidateConfig();
    const changed = await manager.update(TierSettings, { id: TIER_SETTINGS_ID }, values);
    if (!changed.affected) await manager.insert(TierSettings, { id: TIER_SETTINGS_ID, ...values });
    return (await manager.findOne(TierSettings, { where: { id: TIER_SETTINGS_ID } }))!;
  }

  memberTiers(manager: EntityManager, memberIds: readonly number[]): Promise<MemberTierRow[]> {
    if (memberIds.length === 0) return Promise.resolve([]);
    return manager.find(MemberTierRow, { where: { memberId: In([...memberIds]) } });
  }

  /** The member's row, locked on MySQL for a read-then-write inside the caller's transaction. */
  memberTierForUpdate(db: Database, manager: EntityManager, memberId: number): Promise<MemberTierRow | null> {
    const query = manager
      .createQueryBuilder(MemberTierRow, 'mt')
      .where('mt.memberId = :memberId', { memberId });
    return db.forUpdate(query).getOne();
  }

  async insertMemberTier(manager: EntityManager, row: Omit<MemberTierRow, 'updatedAt'>): Promise<void> {
    await manager.insert(MemberTierRow, { ...row, updatedAt: clock.now() });
  }

  /**
   * Writes a new standing only if the row is still what the decision was made on (same tier, manual
   * flag and review dates), so two writers racing on one member cannot both apply a decision.
   */
  async updateMemberTierIf(
    manager: EntityManager,
    before: MemberTierRow,
    values: Partial<Omit<MemberTierRow, 'memberId'>>,
  ): Promise<boolean> {
    const query = manager
      .createQueryBuilder()
      .update(MemberTierRow)
      .set({ ...values, updatedAt: clock.now() })
      .where('memberId = :memberId AND tierId = :tierId AND manual = :manual', {
        memberId: before.memberId,
        tierId: before.tierId,
        manual: before.manual,
      });
    for (const column of ['reviewAt', 'graceUntil'] as const) {
      const value = before[column];
      if (value === null) query.andWhere(`${column} IS NULL`);
      else query.andWhere(`${column} = :${column}`, { [column]: value });
    }
    const result = await query.execute();
    return result.affected === 1;
  }

  async deleteMemberTier(manager: EntityManager, memberId: number): Promise<void> {
    await manager.delete(MemberTierRow, { memberId });
  }

  /** Members whose review is due at `now`, by id after a cursor, so a run visits each member once. */
  async dueForReview(
    manager: EntityManager,
    now: Date,
    afterMemberId: number,
    limit: number,
  ): Promise<number[]> {
    const rows = await manager
      .createQueryBuilder(MemberTierRow, 'mt')
      .select('mt.memberId', 'memberId')
      .where('mt.manual = :manual AND mt.reviewAt <= :now', { manual: false, now })
      .andWhere('(mt.graceUntil IS NULL OR mt.graceUntil <= :now)', { now })
      .andWhere('mt.memberId > :after', { after: afterMemberId })
      .orderBy('mt.memberId', 'ASC')
      .limit(limit)
      .getRawMany<{ memberId: number | string }>();
    return rows.map((row) => Number(row.memberId));
  }

  async insertChange(manager: EntityManager, values: Omit<TierChange, 'id' | 'figures'>): Promise<number> {
    const result = await manager.insert(TierChange, values);
    return Number(result.identifiers[0].id);
  }

  /**
   * History of several members, newest first, from before a cursor. A member's history is a few rows a
   * year, so a page per member is cut in memory from one statement for the whole batch.
   */
  changesOf(
    manager: EntityManager,
    memberIds: readonly number[],
    beforeId: number | null,
  ): Promise<TierChange[]> {
    if (memberIds.length === 0) return Promise.resolve([]);
    const query = manager
      .createQueryBuilder(TierChange, 'tc')
      .where('tc.memberId IN (:...memberIds)', { memberIds: [...memberIds] })
      .orderBy('tc.id', 'DESC');
    if (beforeId !== null) query.andWhere('tc.id < :beforeId', { beforeId });
    return query.getMany();
  }

  async moveChanges(manager: EntityManager, fromMemberId: number, toMemberId: number): Promise<void> {
    await manager.update(TierChange, { memberId: fromMemberId }, { memberId: toMemberId });
  }
}
