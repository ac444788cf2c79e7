/**
 * Who is calling. Roles come from the bearer token: `member` tokens carry the member id as subject,
 * `staff` (support) and `admin` (programme configuration) carry their own user id. Partners' API keys
 * (plugin issue) will add a `partner` role bound to one installed plugin and its granted scopes.
 */
export type Role = 'member' | 'staff' | 'admin' | 'system';

export const TOKEN_ROLES: Role[] = ['member', 'staff', 'admin'];

export interface Principal {
  role: Role;
  subject: string;
  /** Set for `member` principals: the member this token belongs to. */
  memberId?: number;
}

export const SYSTEM_PRINCIPAL: Principal = { role: 'system', subject: 'system' };
