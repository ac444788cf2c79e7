import type { Database } from '../../data/database';

/**
 * The ledger invariants for one member, read straight from the tables: the account equals the sum of
 * its entries' deltas, usable lots hold exactly the available points and pending lots the pending ones,
 * open holds hold exactly the held points, and no lot is negative. Returns what is broken (empty: fine).
 */
export async function ledgerProblems(db: Database, memberId: number): Promise<string[]> {
  const q = async (sql: string) => {
    const [row] = (await db.dataSource.query(sql, [memberId])) as Record<string, unknown>[];
    return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, v === null ? 0 : Number(v)]));
  };
  const account = await q('SELECT available, pending, held FROM points_account WHERE memberId = ?');
  const entries = await q(
    'SELECT SUM(availableDelta) AS available, SUM(pendingDelta) AS pending, SUM(heldDelta) AS held FROM ledger_entry WHERE memberId = ?',
  );
  const lots = await q(
    "SELECT SUM(CASE WHEN status = 'ACTIVE' THEN remaining ELSE 0 END) AS active, SUM(CASE WHEN status = 'PENDING' THEN remaining ELSE 0 END) AS pending, MIN(remaining) AS minRemaining FROM points_lot WHERE memberId = ?",
  );
  const holds = await q("SELECT SUM(points) AS held FROM points_hold WHERE memberId = ? AND status = 'HELD'");
  const checks: [string, number, number][] = [
    ['available balance vs sum of entries', account.available ?? 0, entries.available ?? 0],
    ['pending balance vs sum of entries', account.pending ?? 0, entries.pending ?? 0],
    ['held balance vs sum of entries', account.held ?? 0, entries.held ?? 0],
    ['active lots vs available balance', lots.active ?? 0, account.available ?? 0],
    ['pending lots vs pending balance', lots.pending ?? 0, account.pending ?? 0],
    ['open holds vs held balance', holds.held ?? 0, account.held ?? 0],
  ];
  const problems = checks.filter(([, a, b]) => a !== b).map(([what, a, b]) => `${what}: ${a} != ${b}`);
  if ((lots.minRemaining ?? 0) < 0)
    problems.push(`a lot has negative remaining points (${lots.minRemaining})`);
  if ((account.available ?? 0) < 0) problems.push(`negative available balance (${account.available})`);
  return problems;
}
