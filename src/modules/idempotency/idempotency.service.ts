import type { EntityManager } from 'typeorm';
import { IdempotencyMismatchError } from '../../common/errors';
import type { Database } from '../../data/database';
import { isUniqueViolation } from '../../data/database-errors';
import { IdempotencyKey } from './idempotency-key.entity';
import { requestHash } from './request-hash';
import { createHash } from 'node:crypto';
import { clock } from '../../common/clock';

export interface IdempotentCall<R> {
  /** Operation name, e.g. `points.spend`: the same key may be used once per scope. */
  scope: string;
  /** The caller's key; absent means the call is not idempotent (it runs every time). */
  key: string | null | undefined;
  /** What was asked: a retry must send the same, or it is IDEMPOTENCY_MISMATCH. */
  input: unknown;
  /** The change, inside the transaction; returns something JSON-serialisable to answer retries with. */
  work: (manager: EntityManager) => Promise<R>;
}

/**
 * Stripe's semantics for every operation that moves points: the same key with the same input returns
 * the first result (the change happens once); with a different input it is an IDEMPOTENCY_MISMATCH.
 *
 * The key row is inserted in the same transaction as the change. Two concurrent calls with one key:
 * the second one's insert waits for the first to commit, fails on the primary key, and the whole
 * transaction is run once more, where it finds the committed key and answers with its result.
 * Callers that use `within` inside their own transaction should run it through `run` (or retry on a
 * unique violation themselves) to get that second chance.
 */
export class IdempotencyService {
  constructor(private readonly db: Database) {}

  /** Runs `call` in its own transaction (retrying once after losing a race on the key). */
  async run<R>(call: IdempotentCall<R>): Promise<R> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction((manager) => this.within(manager, call));
      } catch (error) {
        // Lost a race on a unique key (this key, or a row the work inserts): run once more, and the
        // second run sees the winner's commit (a stored result, or the business conflict it causes).
        if (!isUniqueViolation(error) || attempt >= 2) throw error;
      }
    }
  }

  /** Runs `call` inside the caller's transaction (for composed operations that own the transaction). */
  async within<R>(manager: EntityManager, call: IdempotentCall<R>): Promise<R> {
    if (!call.key) return call.work(manager);
    const key = storedKey(call.key);
    const hash = requestHash(call.input);
    // A plain read: a locking read of a missing key takes gap locks, and concurrent calls with
    // different keys then deadlock on each other's inserts. A twin in flight is caught by the insert.
    const existing = await manager.findOne(IdempotencyKey, { where: { scope: call.scope, key } });
    if (existing) {
      if (existing.requestHash !== hash) throw new IdempotencyMismatchError(call.key);
      return JSON.parse(existing.resultJson) as R;
    }
    // Claim the key before the change: a concurrent twin blocks here until this transaction ends.
    await manager.insert(IdempotencyKey, {
      scope: call.scope,
      key,
      requestHash: hash,
      resultJson: 'null',
      createdAt: clock.now(),
    });
    const result = await call.work(manager);
    await manager.update(
      IdempotencyKey,
      { scope: call.scope, key },
      { resultJson: JSON.stringify(result ?? null) },
    );
    return result;
  }
}

/** Keys built from long external ids (channel + order id...) can outgrow the column: store their hash. */
function storedKey(key: string): string {
  return key.length <= 150 ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}
