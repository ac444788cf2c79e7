import { BadUserInputError } from '../../common/errors';

/** GraphQL IDs arrive as strings; rewards, redemptions and coupons have positive integer ids. */
export function parseEntityId(raw: string, field: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1 || String(id) !== raw.trim()) {
    throw BadUserInputError.field(field, `${field} must be an id (a positive whole number)`);
  }
  return id;
}
