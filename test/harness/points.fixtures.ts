import type { TestEnvironment } from './test-environment';

export const BALANCE_FIELDS = 'available pending held debt nextExpiry { points expiresAt }';

export interface BalanceView {
  available: number;
  pending: number;
  held: number;
  debt: number;
  nextExpiry: { points: number; expiresAt: string } | null;
}

let sequence = 0;

/** Gives a member points through the staff adjustment mutation (a real ledger entry and lot). */
export async function givePoints(env: TestEnvironment, memberId: string, points: number): Promise<void> {
  sequence += 1;
  const response = await env.gql(
    `mutation ($input: AdjustPointsInput!) { adjustPoints(input: $input) { points } }`,
    {
      input: {
        memberId,
        points,
        reason: 'test fixture',
        idempotencyKey: `fixture-${process.pid}-${sequence}`,
      },
    },
    await env.staffToken(),
  );
  if (response.errors) throw new Error(`givePoints failed: ${JSON.stringify(response.errors)}`);
}

export async function balanceOf(env: TestEnvironment, memberId: string): Promise<BalanceView> {
  const response = await env.gql<{ member: { points: BalanceView } }>(
    `query ($id: ID!) { member(id: $id) { points { ${BALANCE_FIELDS} } } }`,
    { id: memberId },
    await env.staffToken(),
  );
  if (!response.data) throw new Error(`balance read failed: ${JSON.stringify(response.errors)}`);
  return response.data.member.points;
}

/**
 * The ledger invariants, read straight from the tables: the account equals the sum of its entries'
 * deltas, usable lots hold exactly the available points and pending lots the pending ones, nothing is
 * negative, and open holds hold exactly the held points.
 */
export async function ledgerTotals(env: TestEnvironment, memberId: string) {
  const q = async (sql: string) => {
    const [row] = (await env.app.db.dataSource.query(sql, [Number(memberId)])) as Record<string, unknown>[];
    return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, v === null ? 0 : Number(v)]));
  };
  const account = await q('SELECT available, pending, held, debt FROM points_account WHERE memberId = ?');
  const entries = await q(
    'SELECT SUM(availableDelta) AS available, SUM(pendingDelta) AS pending, SUM(heldDelta) AS held FROM ledger_entry WHERE memberId = ?',
  );
  const lots = await q(
    "SELECT SUM(CASE WHEN status = 'ACTIVE' THEN remaining ELSE 0 END) AS active, SUM(CASE WHEN status = 'PENDING' THEN remaining ELSE 0 END) AS pending, MIN(remaining) AS minRemaining FROM points_lot WHERE memberId = ?",
  );
  const holds = await q("SELECT SUM(points) AS held FROM points_hold WHERE memberId = ? AND status = 'HELD'");
  return { account, entries, lots, holds };
}

export async function expectLedgerConsistent(env: TestEnvironment, memberId: string): Promise<void> {
  const { account, entries, lots, holds } = await ledgerTotals(env, memberId);
  expect(account.available ?? 0).toBe(entries.available ?? 0);
  expect(account.pending ?? 0).toBe(entries.pending ?? 0);
  expect(account.held ?? 0).toBe(entries.held ?? 0);
  expect(lots.active ?? 0).toBe(account.available ?? 0);
  expect(lots.pending ?? 0).toBe(account.pending ?? 0);
  expect(holds.held ?? 0).toBe(account.held ?? 0);
  expect(lots.minRemaining ?? 0).toBeGreaterThanOrEqual(0);
}
