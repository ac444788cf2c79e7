/** The states a membership can be in (the server's GraphQL enum MemberStatus). */
export type MembershipStatus = 'ACTIVE' | 'CLOSED' | 'MERGED' | 'ERASED';

/**
 * Whether a membership takes part in the programme: only an active one earns, redeems, gets
 * recommendations and takes new identities; a closed one must be reactivated first, and a merged or
 * erased one never comes back. The one place this rule is written: the server's members context uses
 * it too, so a connector decides exactly as the core does.
 *
 * @since 1.1.0
 */
export function isActiveMembership(member: { status: string }): boolean {
  return member.status === 'ACTIVE';
}
