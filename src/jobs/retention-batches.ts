import type { EntityTarget, ObjectLiteral } from 'typeorm';
import type { Database } from '../data/database';
import { retentionRowsTotal } from './job-metrics';

/**
 * Retention deletes in small steps: each statement touches at most `batchSize` rows of one primary-key
 * range, in its own short transaction, so it never holds locks on a hot table for long (InnoDB locks
 * only the range's rows; SQLite's single writer is released between batches, letting requests in).
 */
export interface OldestFirstDelete<T extends ObjectLiteral> {
  entity: EntityTarget<T>;
  /** Metric label, the table's name. */
  table: string;
  /** A datetime property; rows with it before `cutoff` go. */
  ageColumn: keyof T & string;
  cutoff: Date;
  /** Never delete a row with an id above this (what a consumer has still to read). */
  maxId?: number;
  batchSize: number;
}

/**
 * Deletes the oldest rows of a table whose auto-increment id grows with `ageColumn` (an outbox, a log):
 * walks the primary key from the bottom, `batchSize` ids at a time, and stops at the first row that is
 * too young (or above `maxId`), so a run reads only what it deletes plus one batch.
 */
export async function deleteOldestFirst<T extends ObjectLiteral>(
  db: Database,
  spec: OldestFirstDelete<T>,
): Promise<number> {
  let after = 0;
  let deleted = 0;
  const maxId = spec.maxId ?? Number.MAX_SAFE_INTEGER;
  for (;;) {
    const rows = await db.manager
      .createQueryBuilder(spec.entity, 't')
      .select('t.id', 'id')
      .addSelect(`CASE WHEN t.${spec.ageColumn} < :cutoff THEN 1 ELSE 0 END`, 'old')
      .where('t.id > :after', { after })
      .andWhere('t.id <= :maxId', { maxId })
      .orderBy('t.id', 'ASC')
      .limit(spec.batchSize)
      .setParameter('cutoff', spec.cutoff)
      .getRawMany<{ id: number | string; old: number | string }>();
    const youngAt = rows.findIndex((row) => Number(row.old) !== 1);
    const old = youngAt === -1 ? rows : rows.slice(0, youngAt);
    if (old.length === 0) break;
    const last = Number(old[old.length - 1].id);
    const result = await db.transaction((manager) =>
      manager
        .createQueryBuilder()
        .delete()
        .from(spec.entity)
        .where('id > :after AND id <= :last', { after, last })
        // Repeated in the statement: what was read above may have changed since.
        .andWhere(`${spec.ageColumn} < :cutoff`, { cutoff: spec.cutoff })
        .execute(),
    );
    const count = result.affected ?? 0;
    deleted += count;
    retentionRowsTotal.inc({ table: spec.table, action: 'deleted' }, count);
    if (youngAt !== -1 || rows.length < spec.batchSize) break;
    after = last;
  }
  return deleted;
}

/**
 * Runs `step` over consecutive primary-key ranges of `batchSize` ids from the smallest to the largest
 * id present, each in its own short transaction; answers the sum of what the steps return.
 */
export async function forEachIdRange<T extends ObjectLiteral>(
  db: Database,
  entity: EntityTarget<T>,
  batchSize: number,
  step: (range: { from: number; to: number }) => Promise<number>,
): Promise<number> {
  const bounds = await db.manager
    .createQueryBuilder(entity, 't')
    .select('MIN(t.id)', 'low')
    .addSelect('MAX(t.id)', 'high')
    .getRawOne<{ low: number | string | null; high: number | string | null }>();
  if (bounds?.low === null || bounds?.low === undefined) return 0;
  let total = 0;
  for (let from = Number(bounds.low); from <= Number(bounds.high); from += batchSize)
    total += await step({ from, to: from + batchSize - 1 });
  return total;
}

/** `now` minus whole days. */
export function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}
