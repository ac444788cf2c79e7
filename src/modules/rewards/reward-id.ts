import { parseId } from '../../graphql/ids';

/** GraphQL IDs arrive as strings; rewards, redemptions and coupons have positive integer ids. */
export function parseEntityId(raw: string, field: string): number {
  return parseId(raw, field);
}
