import type { ActivityEvent } from './activity-event.entity';

/**
 * What a feed or a history page selects: each list is "any of" (empty or absent = everyone), and the
 * lists combine with AND. `tierCodes` is the member's tier when the event is read, not stored on the row.
 */
export interface ActivityCriteria {
  types?: string[];
  memberIds?: number[];
  channels?: string[];
  storeIds?: string[];
  plugins?: string[];
  tierCodes?: string[];
}

const any = <T>(list: T[] | undefined, value: T | null) =>
  !list || list.length === 0 || (value !== null && list.includes(value));

/** The in-memory twin of the repository's WHERE clause, for events already read (live delivery). */
export function matchesCriteria(
  criteria: ActivityCriteria,
  event: ActivityEvent,
  tierCode: string | null,
): boolean {
  return (
    any(criteria.types, event.type) &&
    any(criteria.memberIds, event.memberId) &&
    any(criteria.channels, event.channel) &&
    any(criteria.storeIds, event.storeId) &&
    any(criteria.plugins, event.plugin) &&
    any(criteria.tierCodes, tierCode)
  );
}
