import type { Database } from '../src/data/database';
import { insertMembers, nextMemberId } from './member-batch-writer';
import { createRandom } from './random';
import { syntheticMember } from './synthetic-members';

export interface GenerateOptions {
  count: number;
  /** PRNG seed: the same seed, count and starting id give the same rows. */
  seed: number;
  /** Members per transaction. */
  batchSize: number;
  /** Called after each committed batch. */
  onBatch?: (progress: { members: number; identities: number }) => void;
  /** Checked between batches; returning true stops after the batch in flight (already committed ones stay). */
  shouldStop?: () => boolean;
}

export interface GenerateResult {
  members: number;
  identities: number;
  firstId: number | null;
  lastId: number | null;
}

/**
 * Inserts `count` synthetic members with their channel identities, one transaction per batch. Each
 * transaction asks for the next free id itself, so a server registering members meanwhile is no problem.
 */
export async function generateMembers(db: Database, options: GenerateOptions): Promise<GenerateResult> {
  const random = createRandom(options.seed);
  const now = new Date();
  const result: GenerateResult = { members: 0, identities: 0, firstId: null, lastId: null };
  while (result.members < options.count && !options.shouldStop?.()) {
    const size = Math.min(options.batchSize, options.count - result.members);
    const batch = await db.transaction(async (manager) => {
      const first = await nextMemberId(manager);
      const items = Array.from({ length: size }, (_, i) => syntheticMember(first + i, random, now));
      await insertMembers(manager, db.kind, items);
      return items;
    });
    result.firstId ??= batch[0].member.id as number;
    result.lastId = batch[batch.length - 1].member.id as number;
    result.members += batch.length;
    result.identities += batch.reduce((sum, item) => sum + item.identities.length, 0);
    options.onBatch?.({ members: result.members, identities: result.identities });
    // better-sqlite3 is synchronous: without this the loop never reaches timers or signals (Ctrl-C).
    await new Promise((resolve) => setImmediate(resolve));
  }
  return result;
}
