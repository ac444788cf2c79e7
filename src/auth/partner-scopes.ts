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
