import { registerEnumType } from 'type-graphql';

/** What a ledger entry did. Entries are append-only; the sum of their deltas is the account. */
export enum LedgerEntryType {
  EARN = 'EARN',
  SPEND = 'SPEND',
  EXPIRE = 'EXPIRE',
  /** Takes back earned points (a refund) or gives back spent ones (a cancelled redemption). */
  REVERSE = 'REVERSE',
  ADJUST = 'ADJUST',
  HOLD = 'HOLD',
  RELEASE = 'RELEASE',
  TRANSFER = 'TRANSFER',
  /** Pending points became usable when their return window closed. */
  UNLOCK = 'UNLOCK',
}

/** Where a movement came from: the answer to "who gave me these points?". */
export enum PointsSourceKind {
  ORDER = 'ORDER',
  BEHAVIOUR = 'BEHAVIOUR',
  REWARD = 'REWARD',
  PAYMENT = 'PAYMENT',
  BENEFIT = 'BENEFIT',
  TRANSFER = 'TRANSFER',
  STAFF = 'STAFF',
  JOB = 'JOB',
}

export enum LotStatus {
  /** Earned, waiting for the return window to close; not spendable. */
  PENDING = 'PENDING',
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
}

export enum HoldStatus {
  HELD = 'HELD',
  CAPTURED = 'CAPTURED',
  RELEASED = 'RELEASED',
  /** Not captured before its TTL: released by the expiry job (or on the next touch). */
  EXPIRED = 'EXPIRED',
}

/** Which lots a spend consumes first. */
export enum SpendOrder {
  OLDEST_FIRST = 'OLDEST_FIRST',
  SOONEST_EXPIRING = 'SOONEST_EXPIRING',
}

/** When earned points expire. */
export enum ExpiryMode {
  NEVER = 'NEVER',
  AFTER_DAYS = 'AFTER_DAYS',
  END_OF_MONTH = 'END_OF_MONTH',
  END_OF_YEAR = 'END_OF_YEAR',
}

/** A refund wants back points that were already spent: what happens to the part that is gone. */
export enum ReversalShortfallPolicy {
  /** Take back what is still there; the rest is written off (recorded in the explanation). */
  FORGIVE = 'FORGIVE',
  /** Take back what is there and carry the rest as a debt that the next earnings pay off first. */
  CARRY_AS_DEBT = 'CARRY_AS_DEBT',
}

registerEnumType(LedgerEntryType, { name: 'LedgerEntryType' });
registerEnumType(PointsSourceKind, { name: 'PointsSourceKind' });
registerEnumType(LotStatus, { name: 'PointsLotStatus' });
registerEnumType(HoldStatus, { name: 'PointsHoldStatus' });
registerEnumType(SpendOrder, { name: 'SpendOrder' });
registerEnumType(ExpiryMode, { name: 'PointsExpiryMode' });
registerEnumType(ReversalShortfallPolicy, { name: 'ReversalShortfallPolicy' });
