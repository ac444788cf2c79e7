/**
 * Who is calling. Roles come from the bearer token: `member` tokens carry the member id as subject,
 * `staff` (support) and `admin` (programme configuration) carry their own user id. A partner's API key
 * (header `X-Api-Key`) gives the `partner` role, bound to one installed plugin and the key's scopes.
 * Plugins acting in the background are `system` principals whose subject is `plugin:<name>`.
 */
export type Role = 'member' | 'staff' | 'admin' | 'system' | 'partner';

export const TOKEN_ROLES: Role[] = ['member', 'staff', 'admin'];

export interface Principal {
  role: Role;
  subject: string;
  /** Set for `member` principals: the member this token belongs to. */
  memberId?: number;
  /** Set for `partner` principals (and plugins' system principals): the installed plugin. */
  plugin?: string;
  /** Set for `partner` principals: what the API key may do (see src/auth/partner-scopes.ts). */
  scopes?: string[];
}

export const SYSTEM_PRINCIPAL: Principal = { role: 'system', subject: 'system' };
