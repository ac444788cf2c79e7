import { BadUserInputError } from '../../common/errors';

/** GraphQL IDs arrive as strings; a member id is a positive integer. */
export function parseMemberId(raw: string | number, field = 'id'): number {
  const id = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isSafeInteger(id) || id < 1 || String(id) !== String(raw).trim()) {
    throw BadUserInputError.field(field, `${field} must be a member id (a positive whole number)`);
  }
  return id;
}
