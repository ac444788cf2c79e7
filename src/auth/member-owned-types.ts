import type { Principal } from './principal';

type OwnerOf = (source: { id?: unknown; memberId?: unknown }) => unknown;

const byMemberId: OwnerOf = (source) => source.memberId;

/**
 * GraphQL object types whose every field belongs to one member, and how to find that member on the
 * value being resolved. A `member` token may read a field of these only when it is its own member's:
 * the same rule as `member(id)` (src/auth/member-access.ts), applied to whatever path reached the value
 * (`me { mergedInto { points } }`, `order { member }`, a redemption's coupon...). Members of a type
 * reached only through one of these (balances, tier progress, ledger explanations) need no entry.
 */
export const MEMBER_OWNED_TYPES: Readonly<Record<string, OwnerOf>> = {
  Member: (member) => member.id,
  ActivityEvent: byMemberId,
  ChannelIdentity: byMemberId,
  Coupon: byMemberId,
  DetractorAlert: byMemberId,
  FeedbackResponse: byMemberId,
  LedgerEntry: byMemberId,
  MemberDataExport: byMemberId,
  MemberInsight: byMemberId,
  Order: byMemberId,
  OutboundWebhookDelivery: byMemberId,
  PointsHold: byMemberId,
  PointsLot: byMemberId,
  RewardRedemption: byMemberId,
  SurveyInvitation: byMemberId,
  TierChange: byMemberId,
};

/**
 * Null when the caller may read a field of `source` (a value of GraphQL type `type`), else why not.
 * Only member principals are limited; a value with no owner (a guest order) is nobody's, so not theirs.
 */
export function memberOwnedRefusal(
  principal: Principal | null,
  type: string,
  source: unknown,
): string | null {
  if (principal?.role !== 'member') return null;
  const ownerOf = MEMBER_OWNED_TYPES[type];
  if (!ownerOf) return null;
  const owner = ownerOf(source as { id?: unknown; memberId?: unknown });
  if (owner !== null && owner !== undefined && Number(owner) === principal.memberId) return null;
  return 'A member may only access their own membership';
}
