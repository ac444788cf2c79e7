import { asBackgroundWork } from '../data/sql-statement-counter';
import type { Logger } from '../common/logger';
import type { Database } from '../data/database';
import type { ActivityEvent, ActivityRepository } from '../modules/activity';

export interface TailerOptions {
  /** Safety-net poll, for writers that cannot notify (a CLI job without Redis) and lost notifications. */
  pollIntervalMs: number;
  /** How long a missing id must stay missing after the in-flight check before it is skipped (MySQL). */
  gapSettleMs: number;
  batchSize: number;
  /** MySQL: how far below the highest id to wait for in-flight transactions at start. */
  startWindow: number;
}

export const DEFAULT_TAILER_OPTIONS: TailerOptions = {
  pollIntervalMs: 1_000,
  gapSettleMs: 250,
  batchSize: 500,
  startWindow: 10_000,
};

/**
 * Reads the outbox after commit and moves the published horizon forward, never past an id that may
 * still commit. This is what makes a cursor safe to resume from.
 *
 * Auto-increment ids are handed out at insert time, not at commit: on MySQL a transaction can hold id
 * 10 uncommitted while id 11 commits. Delivering 11 first would let a subscriber resume "after 11" and
 * never see 10. So when the rows read have a hole, the tailer does a locking read over the hole
 * (READ COMMITTED, `LOCK IN SHARE MODE`): InnoDB makes it wait for the transaction that inserted a row
 * there, so when it returns every id in the hole is committed (and read again) or rolled back. A hole
 * that is still empty then is skipped once it has stayed empty for `gapSettleMs` (this covers an id
 * handed out but not yet inserted at the instant of the check). SQLite runs one transaction at a time,
 * so ids commit in order there and a hole (only a rollback leaves one) is skipped at once; its read
 * runs in the transaction queue so it never sees another transaction's uncommitted rows.
 */
export class OutboxTailer {
  private horizonId = 0;
  private gap: { after: number; seenAt: number } | null = null;
  private polling: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private settleTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly repository: ActivityRepository,
    private readonly publish: (events: ActivityEvent[], horizon: number) => Promise<void> | void,
    private readonly logger: Logger,
    private readonly options: TailerOptions = DEFAULT_TAILER_OPTIONS,
  ) {}

  horizon(): number {
    return this.horizonId;
  }

  /** Starts at the newest committed id, after waiting for transactions still writing just below it. */
  async start(): Promise<number> {
    const maxId = await this.repository.maxId(this.db.manager);
    if (this.db.kind === 'mysql' && maxId > 0)
      await this.waitForInFlight(Math.max(0, maxId - this.options.startWindow), maxId + 1);
    this.horizonId = maxId;
    this.timer = setInterval(() => this.poke(), this.options.pollIntervalMs);
    this.timer.unref();
    return maxId;
  }

  /** Something may have committed: poll now, or once more after the poll in progress. */
  poke(): void {
    if (this.stopped) return;
    if (this.polling) {
      this.again = true;
      return;
    }
    this.polling = asBackgroundWork(() => this.drain()).finally(() => (this.polling = null));
  }

  /**
   * Polls now and waits for that poll (or for the one in progress and the next, which then runs), so
   * whatever committed before the call is published when it resolves, unless a hole is still settling.
   */
  async sync(): Promise<number> {
    this.poke();
    await this.polling;
    return this.horizonId;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.settleTimer) clearTimeout(this.settleTimer);
    await this.polling;
  }

  private async drain(): Promise<void> {
    try {
      do {
        this.again = false;
        while (!this.stopped && (await this.pollOnce()));
      } while (this.again && !this.stopped);
    } catch (err) {
      this.logger.error({ err }, 'activity outbox poll failed; retrying at the next poll');
    }
  }

  /** One batch; true when there may be more right away. */
  private async pollOnce(): Promise<boolean> {
    let rows = await this.read();
    if (rows.length === 0) return false;
    const top = rows[rows.length - 1].id;
    if (this.db.kind === 'mysql' && hasHole(this.horizonId, rows)) {
      await this.waitForInFlight(this.horizonId, top);
      rows = await this.read();
    }
    const now = Date.now();
    const accepted: ActivityEvent[] = [];
    let horizon = this.horizonId;
    for (const row of rows) {
      if (row.id !== horizon + 1 && !this.holeSettled(horizon, now)) break;
      accepted.push(row);
      horizon = row.id;
    }
    if (horizon > this.horizonId) {
      // Published first: if publishing fails the horizon stays put and the next poll retries the batch.
      await this.publish(accepted, horizon);
      this.gap = null;
      this.horizonId = horizon;
    }
    if (horizon < top) {
      this.scheduleSettleCheck();
      return false;
    }
    return rows.length === this.options.batchSize;
  }

  private read(): Promise<ActivityEvent[]> {
    const { batchSize } = this.options;
    if (this.db.kind === 'mysql') return this.repository.tail(this.db.manager, this.horizonId, batchSize);
    return this.db.transaction((manager) => this.repository.tail(manager, this.horizonId, batchSize));
  }

  private holeSettled(after: number, now: number): boolean {
    if (this.db.kind !== 'mysql') return true;
    if (this.gap?.after !== after) this.gap = { after, seenAt: now };
    return now - this.gap.seenAt >= this.options.gapSettleMs;
  }

  private scheduleSettleCheck(): void {
    if (this.settleTimer || this.stopped) return;
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      this.poke();
    }, this.options.gapSettleMs);
    this.settleTimer.unref();
  }

  /** Waits until no transaction that inserted an id in (afterId, beforeId) is still open. */
  private async waitForInFlight(afterId: number, beforeId: number): Promise<void> {
    await this.db.dataSource.transaction('READ COMMITTED', (manager) =>
      this.repository.lockRange(manager, afterId, beforeId),
    );
  }
}

function hasHole(horizon: number, rows: ActivityEvent[]): boolean {
  return rows[rows.length - 1].id - horizon !== rows.length;
}
