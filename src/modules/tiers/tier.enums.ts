import { registerEnumType } from 'type-graphql';

/** Whether a member must meet ANY one of a tier's set thresholds, or ALL of them. */
export enum TierRequirement {
  ANY = 'ANY',
  ALL = 'ALL',
}

/** Why a member's tier row changed (or was confirmed): the `tier_change` history and `tier.changed` events. */
export enum TierChangeReason {
  /** A threshold was met: upgraded at once. */
  UPGRADE = 'UPGRADE',
  /** Still below the tier when the grace period ended: moved to the tier the figures qualify for. */
  DOWNGRADE = 'DOWNGRADE',
  /** Staff assigned the tier by hand; automatic changes are locked until released. */
  MANUAL = 'MANUAL',
  /** A manual assignment was released; the rules apply again from now. */
  RELEASED = 'RELEASED',
  /** A periodic review found the member below their tier: they keep it until the grace period ends. */
  GRACE_STARTED = 'GRACE_STARTED',
  /** A periodic review (or the end of a grace period) found the member still qualifies. */
  KEPT = 'KEPT',
  /** Two members were merged: the survivor took the duplicate's higher tier. */
  MERGED = 'MERGED',
}

registerEnumType(TierRequirement, {
  name: 'TierRequirement',
  description: 'ANY: one of the set thresholds is enough; ALL: every set threshold must be met',
});
registerEnumType(TierChangeReason, { name: 'TierChangeReason' });
