import { ForbiddenError, UnauthenticatedError } from '../common/errors';
import type { Principal } from './principal';

export function requirePrincipal(principal: Principal | null): Principal {
  if (!principal) throw new UnauthenticatedError();
  return principal;
}

/**
 * Members see and change only their own record; staff, admins and the system reach any member.
 * Which roles may call an operation at all is declared on the resolver with @Authorized.
 */
export function assertCanAccessMember(principal: Principal | null, memberId: number): void {
  const caller = requirePrincipal(principal);
  if (caller.role === 'member' && caller.memberId !== memberId) {
    throw new ForbiddenError('A member may only access their own membership');
  }
}
