import { parseId } from '../../common/ids';

/** GraphQL IDs arrive as strings; a member id is a positive integer. */
export function parseMemberId(raw: string | number, field = 'id'): number {
  return parseId(raw, field, 'a member id');
}
