import DataLoader from 'dataloader';
import type { Database } from '../../data/database';
import type { LoaderFactory } from '../../graphql/context';
import type { MemberTierRow } from './member-tier.entity';
import type { MemberTierStatus, TierProgress } from './member-tier.types';
import type { TierChange } from './tier-change.entity';
import type { TierSettings } from './tier-settings.entity';
import type { Tier } from './tier.entity';
import { TiersRepository } from './tiers.repository';
import type { TiersService } from './tiers.service';
import { clock } from '../../common/clock';
import { entryTier } from './tier.rules';

export interface HistoryKey {
  memberId: number;
  first: number;
  afterId: number | null;
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= load());
}

/**
 * Per-request loaders for tier fields on members. The ladder and the settings are read once per
 * request; rows, status, progress and history are batched per tick, so a page of 100 members costs
 * the same statements as a page of 5.
 */
export function tierLoaderFactory(service: TiersService, repository: TiersRepository) {
  return (db: Database) => {
    const ladder = once<Tier[]>(() => repository.ladder(db.manager));
    const settings = once<TierSettings>(() => repository.settings(db.manager));
    const rowByMemberId = new DataLoader<number, MemberTierRow | null>(async (memberIds) => {
      const rows = await repository.memberTiers(db.manager, memberIds);
      const byId = new Map(rows.map((row) => [row.memberId, row]));
      return memberIds.map((id) => byId.get(id) ?? null);
    });
    const rowsOf = async (memberIds: readonly number[]) =>
      (await rowByMemberId.loadMany(memberIds)).filter(
        (row): row is MemberTierRow => row !== null && !(row instanceof Error),
      );

    return {
      ladder,
      async tierById(id: number): Promise<Tier | null> {
        return (await ladder()).find((tier) => tier.id === id) ?? null;
      },
      /** Members' ranks (the entry tier's without a row, 0 without a ladder), from the same rows. */
      rankByMemberId: new DataLoader<number, number>(async (memberIds) => {
        const [tiers, rows] = await Promise.all([ladder(), rowsOf(memberIds)]);
        const entry = entryTier(tiers);
        const rowOf = new Map(rows.map((row) => [row.memberId, row]));
        return memberIds.map((id) => {
          const row = rowOf.get(id);
          return (row ? tiers.find((tier) => tier.id === row.tierId) : entry)?.rank ?? 0;
        });
      }),
      statusByMemberId: new DataLoader<number, MemberTierStatus | null>(async (memberIds) => {
        const [tiers, rows] = await Promise.all([ladder(), rowsOf(memberIds)]);
        const status = await service.statusOf(db.manager, memberIds, { ladder: tiers, rows });
        return memberIds.map((id) => status.get(id) ?? null);
      }),
      progressByMemberId: new DataLoader<number, TierProgress | null>(async (memberIds) => {
        const [tiers, current, rows] = await Promise.all([ladder(), settings(), rowsOf(memberIds)]);
        const progress = await service.progress(memberIds, clock.now(), {
          ladder: tiers,
          settings: current,
          rows,
        });
        return memberIds.map((id) => progress.get(id) ?? null);
      }),
      /** One statement for every member's history in the batch; each page is cut in memory. */
      historyByMember: new DataLoader<HistoryKey, TierChange[], string>(
        async (keys) => {
          const byCursor = new Map<number | null, HistoryKey[]>();
          for (const key of keys) byCursor.set(key.afterId, [...(byCursor.get(key.afterId) ?? []), key]);
          const pages = new Map<HistoryKey, TierChange[]>();
          for (const [afterId, group] of byCursor) {
            const rows = await repository.changesOf(
              db.manager,
              group.map((key) => key.memberId),
              afterId,
            );
            for (const key of group) {
              pages.set(key, rows.filter((row) => row.memberId === key.memberId).slice(0, key.first + 1));
            }
          }
          return keys.map((key) => pages.get(key)!);
        },
        { cacheKeyFn: (key) => `${key.memberId}:${key.first}:${key.afterId ?? ''}` },
      ),
    };
  };
}

export type TierLoaders = ReturnType<ReturnType<typeof tierLoaderFactory>>;

const requestLoaders = new WeakMap<TiersService, LoaderFactory<TierLoaders>>();

/**
 * The one per-request tier loader factory of a tiers context (ladder, members' rows, status, progress,
 * ranks): the tier fields and other contexts' loaders (rewards' "what can I afford") share it, so a
 * request reads each member's tier row once.
 */
export function requestTierLoaders(
  service: TiersService,
  repository: TiersRepository = new TiersRepository(),
): LoaderFactory<TierLoaders> {
  let factory = requestLoaders.get(service);
  if (!factory) {
    factory = tierLoaderFactory(service, repository);
    requestLoaders.set(service, factory);
  }
  return factory;
}
