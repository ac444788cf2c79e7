import type { Principal } from '../../auth/principal';
import type { RateLimitRole } from './rate-limit.config';

/** Whose request budget a request spends: the signed-in principal, or the address when anonymous. */
export interface Caller {
  key: string;
  role: RateLimitRole;
}

export function callerOf(principal: Principal | null, address: string): Caller {
  if (!principal) return { key: `ip:${address}`, role: 'anonymous' };
  switch (principal.role) {
    case 'member':
    case 'staff':
    case 'admin':
    case 'partner':
      // Subjects are unique within a role only (a partner's is its key, `api-key:<id>`).
      return { key: `${principal.role}:${principal.subject}`, role: principal.role };
    default:
      // `system` principals act inside the process and never arrive over HTTP or a socket.
      return { key: `${principal.role}:${principal.subject}`, role: 'staff' };
  }
}
