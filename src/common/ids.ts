import { BadUserInputError } from './errors';

/** Ids are 32-bit auto-increment integers on both engines: anything larger cannot name a row. */
export const MAX_ID = 2_147_483_647;

/**
 * A GraphQL ID (a string) as a row id: a positive whole number in range, written canonically. Out of
 * range or malformed is BAD_USER_INPUT naming the field, never a database error.
 */
export function parseId(raw: string | number, field: string, what = 'an id'): number {
  const id = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isSafeInteger(id) || id < 1 || id > MAX_ID || String(id) !== String(raw).trim()) {
    throw BadUserInputError.field(
      field,
      `${field} must be ${what} (a positive whole number up to ${MAX_ID})`,
    );
  }
  return id;
}
