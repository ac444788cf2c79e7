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
  /**
   * `before-work` (the default) reads and claims the key before the change. `after-work` skips both on
   * the first attempt and inserts the key with its result after the change, one statement instead of
   * three; only for work that stays inside the database and that a unique index makes fail for a twin
   * (a duplicate then rolls back whole, and the retry goes the `before-work` way and answers from the
   * committed key). Any error of the first attempt also looks the key up, so a replay whose work would
   * fail today (a SKU withdrawn since) still answers with the first result.
   */
  claim?: 'before-work' | 'after-work';
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
        if (attempt === 1 && call.claim === 'after-work' && call.key)
          return await this.db.transaction((manager) => this.claimAfterWork(manager, call));
        return await this.db.transaction((manager) => this.within(manager, call));
      } catch (error) {
        if (attempt === 1 && call.claim === 'after-work' && call.key && !isUniqueViolation(error)) {
          // A replay may fail where the first call succeeded: the stored answer wins over the error.
          const stored = await this.db.transaction((manager) =>
            this.stored<R>(manager, call.scope, call.key!, call.input),
          );
          if (stored.found) return stored.result;
          throw error;
        }
        // Lost a race on a unique key (this key, or a row the work inserts): run once more, and the
        // second run sees the winner's commit (a stored result, or the business conflict it causes).
        if (!isUniqueViolation(error) || attempt >= 2) throw error;
      }
    }
  }

  private async claimAfterWork<R>(manager: EntityManager, call: IdempotentCall<R>): Promise<R> {
    const result = await call.work(manager);
    await manager
      .createQueryBuilder()
      .insert()
      .into(IdempotencyKey)
      .values({
        scope: call.scope,
        key: storedKey(call.key!),
        requestHash: requestHash(call.input),
        resultJson: JSON.stringify(result ?? null),
        createdAt: clock.now(),
      })
      .updateEntity(false)
      .execute();
    return result;
  }

  /**
   * The committed answer of an earlier call with this scope and key, if there is one (for callers that
   * keep their own idempotency record now and must still answer keys stored before they did).
   */
  answerOf<R>(scope: string, key: string, input: unknown): Promise<{ found: boolean; result: R }> {
    return this.stored<R>(this.db.manager, scope, key, input);
  }

  /** The stored answer for a key, or IDEMPOTENCY_MISMATCH when the key was used for other input. */
  private async stored<R>(
    manager: EntityManager,
    scope: string,
    key: string,
    input: unknown,
  ): Promise<{ found: boolean; result: R }> {
    const existing = await manager.findOne(IdempotencyKey, { where: { scope, key: storedKey(key) } });
    if (!existing) return { found: false, result: undefined as R };
    if (existing.requestHash !== requestHash(input)) throw new IdempotencyMismatchError(key);
    return { found: true, result: JSON.parse(existing.resultJson) as R };
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
