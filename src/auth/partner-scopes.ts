import type { Principal } from './principal';

/**
 * What a partner's API key may call: each operation a partner may reach, and the scope it needs. An
 * operation absent from this table is FORBIDDEN to partners whatever their scopes, so a new core
 * operation is closed to partners until someone decides otherwise here.
 */
export const PARTNER_OPERATION_SCOPES: Record<string, string> = {
  'Query.member': 'members:read',
  'Query.members': 'members:read',
  'Query.memberByChannelIdentity': 'members:read',
  'Query.order': 'orders:read',
  'Query.orders': 'orders:read',
  'Mutation.recordOrder': 'orders:write',
  'Mutation.refundOrder': 'orders:write',
  'Mutation.submitFeedback': 'feedback:write',
};

/** Null when allowed, else why not (for the FORBIDDEN message). */
export function partnerRefusal(principal: Principal, operation: string): string | null {
  const scope = PARTNER_OPERATION_SCOPES[operation];
  if (!scope) return `${operation} is not open to partner API keys`;
  if (!principal.scopes?.includes(scope)) return `This API key lacks the ${scope} scope`;
  return null;
}

/** Member fields a key with members:read may read: the profile and identities, nothing else. */
const MEMBER_PROFILE_FIELDS = [
  'id',
  'status',
  'firstName',
  'lastName',
  'birthday',
  'gender',
  'region',
  'email',
  'phone',
  'joinChannel',
  'joinedAt',
  'reactivatedAt',
  'erasedAt',
  'createdAt',
  'updatedAt',
  'marketingConsent',
  'communicationPreferences',
  'closure',
  'channelIdentities',
  'mergedInto',
];

/**
 * Fields of the types that lead to member data, and the scope each needs from a partner's key. A
 * field of these types absent from the table (balances, ledger, tiers, coupons, insight...) is closed
 * to partners: scopes are checked on every field, not only at the root, so `members { orders }` needs
 * orders:read as much as `orders` does. Other types are reachable only through these.
 */
export const PARTNER_FIELD_SCOPES: Record<string, string> = {
  ...Object.fromEntries(MEMBER_PROFILE_FIELDS.map((field) => [`Member.${field}`, 'members:read'])),
  'Member.orders': 'orders:read',
  'Order.*': 'orders:read',
  'Order.member': 'members:read',
  'ChannelIdentity.*': 'members:read',
};

const GUARDED_TYPES = new Set(Object.keys(PARTNER_FIELD_SCOPES).map((key) => key.split('.')[0]));

/** Null when a partner may resolve this field, else why not. */
export function partnerFieldRefusal(principal: Principal, type: string, field: string): string | null {
  if (!GUARDED_TYPES.has(type) || field.startsWith('__')) return null;
  const scope = PARTNER_FIELD_SCOPES[`${type}.${field}`] ?? PARTNER_FIELD_SCOPES[`${type}.*`];
  if (!scope) return `${type}.${field} is not open to partner API keys`;
  if (!principal.scopes?.includes(scope)) return `${type}.${field} needs the ${scope} scope`;
  return null;
}
