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

/**
 * The in-memory twin of the repository's WHERE clause for everything but the tier, for events already
 * read (live delivery). The tier is the member's tier when the event is read, which only the table
 * read knows (one rule for replay and live): a tier-filtered stream uses this to see whether a page
 * can hold a match at all, then reads the page from the table (activity-stream.ts).
 */
export function matchesCriteriaExceptTier(criteria: ActivityCriteria, event: ActivityEvent): boolean {
  return (
    any(criteria.types, event.type) &&
    any(criteria.memberIds, event.memberId) &&
    any(criteria.channels, event.channel) &&
    any(criteria.storeIds, event.storeId) &&
    any(criteria.plugins, event.plugin) &&
    // Only member events can be in a tier.
    (!criteria.tierCodes?.length || event.memberId !== null)
  );
}
