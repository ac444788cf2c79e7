import { registerEnumType } from 'type-graphql';

export enum MemberStatus {
  ACTIVE = 'ACTIVE',
  CLOSED = 'CLOSED',
  /** Folded into another member by a merge; `mergedInto` names the survivor. */
  MERGED = 'MERGED',
  /** Personal data removed on request; the row stays so accounting history keeps its reference. */
  ERASED = 'ERASED',
}

export enum Gender {
  FEMALE = 'FEMALE',
  MALE = 'MALE',
  NON_BINARY = 'NON_BINARY',
  UNDISCLOSED = 'UNDISCLOSED',
}

/** Why a member left: the exit feedback programmes report on. */
export enum CloseReason {
  NOT_ENOUGH_VALUE = 'NOT_ENOUGH_VALUE',
  TOO_MANY_MESSAGES = 'TOO_MANY_MESSAGES',
  PRIVACY_CONCERNS = 'PRIVACY_CONCERNS',
  MOVED_AWAY = 'MOVED_AWAY',
  DUPLICATE_ACCOUNT = 'DUPLICATE_ACCOUNT',
  POOR_SERVICE = 'POOR_SERVICE',
  OTHER = 'OTHER',
}

registerEnumType(MemberStatus, {
  name: 'MemberStatus',
  description: 'Lifecycle state of a membership record',
});
registerEnumType(Gender, { name: 'Gender' });
registerEnumType(CloseReason, { name: 'CloseReason', description: 'Exit feedback given when closing' });
