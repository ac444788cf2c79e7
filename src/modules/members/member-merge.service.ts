import type { EntityManager } from 'typeorm';
import { BadUserInputError, ConflictError } from '../../common/errors';
import type { RequestContext } from '../../common/request-context';
import type { Database } from '../../data/database';
import type { ActivityService } from '../activity';
import type { AuditService } from '../audit';
import type { MemberDataRegistry } from '../privacy';
import type { Member } from './member.entity';
import { MemberStatus } from './member.enums';
import { memberSnapshot } from './member-snapshot';
import { assertMemberStatus } from './member-status.rules';
import type { MembersRepository } from './members.repository';

export interface MergeResult {
  survivor: Member;
  merged: Member;
  movedIdentities: number;
  /** True when this merge had already happened: a retry returns the first result and changes nothing. */
  alreadyMerged: boolean;
}

const FILLABLE = ['firstName', 'lastName', 'birthday', 'gender', 'region', 'email', 'phone'] as const;

/**
 * Folds a duplicate member into a survivor: identities and every registered context's history move
 * over, the survivor's blank profile fields are filled from the duplicate (never overwritten, and
 * consent is never copied: it must come from the person), and the duplicate becomes a MERGED tombstone
 * pointing at the survivor.
 */
export class MemberMergeService {
  constructor(
    private readonly db: Database,
    private readonly repository: MembersRepository,
    private readonly registry: MemberDataRegistry,
    private readonly audit: AuditService,
    private readonly activity: ActivityService,
  ) {}

  async merge(ctx: RequestContext, survivorId: number, mergedId: number): Promise<MergeResult> {
    if (survivorId === mergedId) {
      throw BadUserInputError.field('mergedId', 'A member cannot be merged into itself');
    }
    return this.db.transaction(async (manager) => {
      const [survivorRow, mergedRow] = await Promise.all([
        this.repository.findById(manager, survivorId),
        this.repository.findById(manager, mergedId),
      ]);
      if (mergedRow?.status === MemberStatus.MERGED && mergedRow.mergedIntoId === survivorId && survivorRow) {
        return { survivor: survivorRow, merged: mergedRow, movedIdentities: 0, alreadyMerged: true };
      }
      const survivor = assertMemberStatus(
        survivorRow,
        survivorId,
        [MemberStatus.ACTIVE],
        'merge into this member',
      );
      const merged = assertMemberStatus(
        mergedRow,
        mergedId,
        [MemberStatus.ACTIVE, MemberStatus.CLOSED],
        'merge this member',
      );
      const movedIdentities = (await this.repository.identitiesOf(manager, [mergedId])).length;

      // Conditional updates: a concurrent merge or erase of either member makes one of them miss.
      const tombstoned = await this.repository.updateMemberIfStatus(manager, mergedId, [merged.status], {
        status: MemberStatus.MERGED,
        mergedIntoId: survivorId,
        email: null,
        phone: null,
      });
      const survivorFill = fillBlanks(survivor, merged);
      const survivorKept = await this.repository.updateMemberIfStatus(
        manager,
        survivorId,
        [MemberStatus.ACTIVE],
        survivorFill,
      );
      if (!tombstoned || !survivorKept) {
        throw new ConflictError('One of the members changed while merging; read them again and retry');
      }
      await this.repository.repointMergedMembers(manager, mergedId, survivorId);
      for (const participant of this.registry.all())
        await participant.merge(manager, { survivorId, mergedId });

      const survivorAfter = (await this.repository.findById(manager, survivorId))!;
      const mergedAfter = (await this.repository.findById(manager, mergedId))!;
      await this.recordMerge(ctx, manager, { survivor, merged, survivorAfter, mergedAfter, movedIdentities });
      return { survivor: survivorAfter, merged: mergedAfter, movedIdentities, alreadyMerged: false };
    });
  }

  private async recordMerge(
    ctx: RequestContext,
    manager: EntityManager,
    m: {
      survivor: Member;
      merged: Member;
      survivorAfter: Member;
      mergedAfter: Member;
      movedIdentities: number;
    },
  ): Promise<void> {
    const detail = { survivorId: m.survivor.id, mergedId: m.merged.id, movedIdentities: m.movedIdentities };
    await this.audit.record(ctx, manager, {
      action: 'member.merge',
      targetType: 'member',
      targetId: m.survivor.id,
      before: { ...detail, survivor: memberSnapshot(m.survivor), merged: memberSnapshot(m.merged) },
      after: { ...detail, survivor: memberSnapshot(m.survivorAfter) },
    });
    await this.audit.record(ctx, manager, {
      action: 'member.merged-into',
      targetType: 'member',
      targetId: m.merged.id,
      before: memberSnapshot(m.merged),
      after: memberSnapshot(m.mergedAfter),
    });
    await this.activity.record(manager, {
      type: 'member.merged',
      memberId: m.survivor.id,
      summary: `Member ${m.merged.id} was merged into member ${m.survivor.id}`,
      payload: detail,
    });
  }
}

/** Survivor's own values win; blanks are filled from the duplicate; the earlier join date is kept. */
function fillBlanks(survivor: Member, merged: Member): Partial<Member> {
  const fill: Partial<Member> = {};
  for (const field of FILLABLE) {
    if (survivor[field] === null && merged[field] !== null) Object.assign(fill, { [field]: merged[field] });
  }
  if (merged.joinedAt < survivor.joinedAt) {
    fill.joinedAt = merged.joinedAt;
    fill.joinChannel = merged.joinChannel;
  }
  return fill;
}
