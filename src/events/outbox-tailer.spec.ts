import type { Logger } from '../common/logger';
import type { Database } from '../data/database';
import type { ActivityEvent, ActivityRepository } from '../modules/activity';
import { OutboxTailer } from './outbox-tailer';

const rows = [1, 2, 3].map((id) => ({ id }) as ActivityEvent);
/** The SQLite shape of the tailer's reads, over a fixed outbox (the e2e specs run it on both engines). */
const db = { kind: 'sqlite', manager: {}, transaction: (work: (m: unknown) => unknown) => work({}) };
const repository = {
  maxId: async () => 0,
  tail: async (_manager: unknown, after: number, limit: number) =>
    rows.filter((row) => row.id > after).slice(0, limit),
};
const logger = { error: () => undefined, warn: () => undefined } as unknown as Logger;
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('OutboxTailer', () => {
  it('keeps its horizon when publishing a batch fails, and publishes the same batch at the next poll', async () => {
    const published: number[][] = [];
    let failures = 1;
    const tailer = new OutboxTailer(
      db as unknown as Database,
      repository as unknown as ActivityRepository,
      (events) => {
        if (failures-- > 0) throw new Error('publish failed');
        published.push(events.map((event) => event.id));
      },
      logger,
      { pollIntervalMs: 60_000, gapSettleMs: 0, batchSize: 10, startWindow: 0 },
    );
    await tailer.start();

    tailer.poke();
    await settle();
    expect(tailer.horizon()).toBe(0);
    expect(published).toEqual([]);

    tailer.poke();
    await settle();
    expect(tailer.horizon()).toBe(3);
    expect(published).toEqual([[1, 2, 3]]);
    await tailer.stop();
  });
});
