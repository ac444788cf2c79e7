import { ConflictError, NotFoundError } from '../../common/errors';
import type { Member } from './member.entity';
import { MemberStatus } from './member.enums';

/** Only an active membership earns, redeems and gets recommendations: the SDK's rule, shared with plugins. */
export { isActiveMembership } from '@loyalty-bff/plugin-sdk';

/** Which membership states allow which operations; a refused one is a CONFLICT that names the state. */
export function assertMemberStatus(
  member: Member | null,
  id: number,
  allowed: MemberStatus[],
  action: string,
): Member {
  if (!member) throw new NotFoundError('Member', id);
  if (allowed.includes(member.status)) return member;
  switch (member.status) {
    case MemberStatus.MERGED:
      throw new ConflictError(
        `Cannot ${action}: member ${id} was merged into member ${member.mergedIntoId}`,
        {
          status: member.status,
          mergedIntoId: String(member.mergedIntoId),
        },
      );
    case MemberStatus.ERASED:
      throw new ConflictError(`Cannot ${action}: member ${id} has been erased`, { status: member.status });
    case MemberStatus.CLOSED:
      throw new ConflictError(`Cannot ${action}: membership ${id} is closed; reactivate it first`, {
        status: member.status,
      });
    default:
      throw new ConflictError(`Cannot ${action}: membership ${id} is ${member.status.toLowerCase()}`, {
        status: member.status,
      });
  }
}

/**
 * Merged and erased memberships keep their rows for history but never take part again (no new tier,
 * feedback or recommendation); a closed one may be reactivated.
 */
export function isRetiredMembership(member: { status: string }): boolean {
  return member.status === MemberStatus.MERGED || member.status === MemberStatus.ERASED;
}
