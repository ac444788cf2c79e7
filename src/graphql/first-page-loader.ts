import DataLoader from 'dataloader';

/**
 * Batches "the first page of each parent's list" (a member's newest orders, ledger entries...) across
 * a list of parents: one statement for every parent on the page, per page size. Later pages (`after`)
 * are rarely asked for inside a list and go to the per-parent query.
 */
export function firstPageLoaders<T>(
  fetch: (parentIds: readonly number[], perParent: number) => Promise<T[]>,
  parentOf: (row: T) => number,
): (perParent: number) => DataLoader<number, T[]> {
  const loaders = new Map<number, DataLoader<number, T[]>>();
  return (perParent) => {
    let loader = loaders.get(perParent);
    if (!loader) {
      loader = new DataLoader<number, T[]>(async (parentIds) => {
        const rows = await fetch(parentIds, perParent);
        const grouped = new Map<number, T[]>(parentIds.map((id) => [id, []]));
        for (const row of rows) grouped.get(parentOf(row))?.push(row);
        return parentIds.map((id) => grouped.get(id)!);
      });
      loaders.set(perParent, loader);
    }
    return loader;
  };
}

/**
 * `<alias>.id IN (the ids of the first n rows per parent)`, with ROW_NUMBER() (MySQL 8, MariaDB 10.2,
 * SQLite 3.25): the where-clause for a batched first page. `order` is e.g. `id DESC`.
 */
export function firstRowsPerParent(table: string, parentColumn: string, order: string): string {
  return `IN (SELECT ranked.id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY ${parentColumn} ORDER BY ${order}) AS position FROM ${table} WHERE ${parentColumn} IN (:...parentIds)) ranked WHERE ranked.position <= :perParent)`;
}
