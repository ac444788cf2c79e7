import { assertCanAccessMember } from '../../auth/member-access';
import { ConflictError, NotFoundError } from '../../common/errors';
import type { RequestContext } from '../../common/request-context';
import type { Database } from '../../data/database';
import type { ActivityService } from '../activity';
import type { AuditService } from '../audit';
import type { MemberDataRegistry } from '../privacy';
import type { Member } from './member.entity';
import { MemberStatus } from './member.enums';
import { memberSnapshot } from './member-snapshot';
import type { MembersRepository } from './members.repository';
import { clock } from '../../common/clock';

export interface MemberDataExportResult {
  memberId: number;
  exportedAt: Date;
  data: Record<string, unknown>;
}

/** Personal data the member row holds; erasure clears exactly these. */
const PERSONAL_FIELDS = [
  'firstName',
  'lastName',
  'birthday',
  'gender',
  'region',
  'email',
  'phone',
  'closeComment',
] as const;

/** The privacy rights: export everything held about a member, and erase their personal data. Both audited. */
export class MemberPrivacyService {
  constructor(
    private readonly db: Database,
    private readonly repository: MembersRepository,
    private readonly registry: MemberDataRegistry,
    private readonly audit: AuditService,
    private readonly activity: ActivityService,
  ) {}

  async exportData(ctx: RequestContext, memberId: number): Promise<MemberDataExportResult> {
    assertCanAccessMember(ctx.principal, memberId);
    return this.db.transaction(async (manager) => {
      const member = await this.repository.findById(manager, memberId);
      if (!member) throw new NotFoundError('Member', memberId);
      const exportedAt = clock.now();
      const data: Record<string, unknown> = { member: memberSnapshot(member) };
      for (const participant of this.registry.all()) {
        data[participant.section] = await participant.exportFor(manager, memberId);
      }
      await this.audit.record(ctx, manager, {
        action: 'member.export',
        targetType: 'member',
        targetId: memberId,
        after: { sections: Object.keys(data) },
      });
      return { memberId, exportedAt, data };
    });
  }

  async erase(ctx: RequestContext, memberId: number): Promise<Member> {
    assertCanAccessMember(ctx.principal, memberId);
    return this.db.transaction(async (manager) => {
      const member = await this.repository.findById(manager, memberId);
      if (!member) throw new NotFoundError('Member', memberId);
      const cleared = Object.fromEntries(PERSONAL_FIELDS.map((field) => [field, null]));
      const erased = await this.repository.updateMemberIfStatus(
        manager,
        memberId,
        [MemberStatus.ACTIVE, MemberStatus.CLOSED, MemberStatus.MERGED],
        {
          ...cleared,
          status: MemberStatus.ERASED,
          erasedAt: clock.now(),
          marketingConsent: false,
          commsEmail: false,
          commsSms: false,
          commsPush: false,
          commsMail: false,
        },
      );
      if (!erased)
        throw new ConflictError(`Member ${memberId} has already been erased`, { status: 'ERASED' });
      for (const participant of this.registry.all()) await participant.erase(manager, memberId);
      // Written after the participants ran, so the redaction of earlier entries does not touch this one;
      // it names what was erased, never the values.
      await this.audit.record(ctx, manager, {
        action: 'member.erase',
        targetType: 'member',
        targetId: memberId,
        before: { status: member.status, erasedFields: PERSONAL_FIELDS, sections: this.sections() },
        after: { status: MemberStatus.ERASED },
      });
      await this.activity.record(manager, {
        type: 'member.erased',
        memberId,
        summary: `Member ${memberId} had their personal data erased`,
        payload: {},
      });
      return (await this.repository.findById(manager, memberId))!;
    });
  }

  private sections(): string[] {
    return this.registry.all().map((p) => p.section);
  }
}
