import type { Database } from '../../data/database';
import { IdempotencyKey } from './idempotency-key.entity';
import { IdempotencyService } from './idempotency.service';

export { IdempotencyService, IdempotencyKey };
export { requestHash } from './request-hash';
export { idempotencyRetentionJob } from './idempotency-retention.job';
export type { IdempotentCall } from './idempotency.service';
export const idempotencyEntities = [IdempotencyKey];

export function createIdempotencyModule(deps: { db: Database }) {
  return { service: new IdempotencyService(deps.db) };
}
