import type { EntityManager } from 'typeorm';
import { assertCanAccessMember } from '../../auth/member-access';
import { parseChannel } from '../../common/channel-key';
import { BadUserInputError, ConflictError, NotFoundError } from '../../common/errors';
import type { RequestContext } from '../../common/request-context';
import type { Database } from '../../data/database';
import { isUniqueViolation } from '../../data/database-errors';
import type { ActivityService, ActivityRecord } from '../activity';

import type { AuditService } from '../audit';
import type { ChannelIdentity } from './channel-identity.entity';
import type { Member } from './member.entity';
import { MemberStatus } from './member.enums';
import type {
  ChannelIdentityInput,
  CloseMembershipInput,
  RegisterMemberInput,
  UpdateCommunicationPreferencesInput,
  UpdateMemberProfileInput,
} from './member.inputs';
import { memberCriteria, type MemberFilter } from './member-search';
import { memberSnapshot } from './member-snapshot';
import { assertMemberStatus } from './member-status.rules';
import { toE164 } from './phone-number';
import type { MembersRepository } from './members.repository';
import { clock } from '../../common/clock';

/** The activity a membership transition writes, typed by the event catalogue. */
type MembershipEvent =
  | Pick<ActivityRecord<'member.closed'>, 'type' | 'payload'>
  | Pick<ActivityRecord<'member.reactivated'>, 'type' | 'payload'>;

const PROFILE_FIELDS = ['firstName', 'lastName', 'birthday', 'gender', 'region', 'email', 'phone'] as const;
type ProfileField = (typeof PROFILE_FIELDS)[number];

/** Registration, profile, preferences, channel identities and the membership's open/closed state. */
export class MembersService {
  constructor(
    private readonly db: Database,
    private readonly repository: MembersRepository,
    private readonly audit: AuditService,
    private readonly activity: ActivityService,
  ) {}

  async getById(ctx: RequestContext, id: number): Promise<Member> {
    assertCanAccessMember(ctx.principal, id);
    const member = await this.repository.findById(this.db.manager, id);
    if (!member) throw new NotFoundError('Member', id);
    return member;
  }

  async getByIdentity(ctx: RequestContext, rawChannel: string, externalId: string): Promise<Member> {
    const channel = parseChannel(rawChannel);
    const identity = await this.repository.findIdentity(this.db.manager, channel, externalId);
    if (!identity) throw new NotFoundError('Channel identity', `${channel}/${externalId}`);
    return this.getById(ctx, identity.memberId);
  }

  /** One page of the staff search (`limit` rows, ordered by id) and a lazy count of all matches. */
  async search(filter: MemberFilter, afterId: number | null, limit: number) {
    const criteria = memberCriteria(filter);
    const rows = await this.repository.search(this.db.manager, criteria, afterId, limit);
    return { rows, count: () => this.repository.count(this.db.manager, criteria) };
  }

  async register(ctx: RequestContext, input: RegisterMemberInput): Promise<Member> {
    const identities = (input.channelIdentities ?? []).map(normaliseIdentity);
    if (!input.email && !input.phone && identities.length === 0) {
      throw new BadUserInputError(
        'Give at least an email, a phone or a channel identity to find the member again',
        [{ field: 'email', messages: ['email, phone or channelIdentities is required'] }],
      );
    }
    assertNoRepeatedIdentity(identities);
    const now = clock.now();
    const profile = normalizeProfile(input);
    const prefs = input.communicationPreferences ?? {};

    return this.write(async (manager) => {
      await this.assertContactsFree(manager, profile, null);
      const id = await this.repository.insertMember(manager, {
        ...profile,
        status: MemberStatus.ACTIVE,
        joinChannel: input.joinChannel,
        joinedAt: now,
        marketingConsent: input.marketingConsent ?? false,
        marketingConsentUpdatedAt: input.marketingConsent === undefined ? null : now,
        commsEmail: prefs.email ?? false,
        commsSms: prefs.sms ?? false,
        commsPush: prefs.push ?? false,
        commsMail: prefs.mail ?? false,
      });
      for (const identity of identities) await this.insertIdentity(manager, id, identity, now);
      const member = (await this.repository.findById(manager, id))!;
      await this.audit.record(ctx, manager, {
        action: 'member.register',
        targetType: 'member',
        targetId: id,
        after: { ...memberSnapshot(member), channelIdentities: identities },
      });
      await this.activity.record(manager, {
        type: 'member.registered',
        memberId: id,
        channel: input.joinChannel,
        summary: `Member ${id} joined through ${input.joinChannel}`,
        payload: { joinChannel: input.joinChannel, identities: identities.length },
      });
      return member;
    });
  }

  async updateProfile(ctx: RequestContext, id: number, input: UpdateMemberProfileInput): Promise<Member> {
    assertCanAccessMember(ctx.principal, id);
    const normalized = normalizeProfile(input);
    return this.write(async (manager) => {
      const member = assertMemberStatus(
        await this.repository.findById(manager, id),
        id,
        [MemberStatus.ACTIVE],
        'update the profile',
      );
      const changes: Partial<Member> = {};
      for (const field of PROFILE_FIELDS) {
        const value = normalized[field];
        if (value !== undefined && value !== member[field]) Object.assign(changes, { [field]: value });
      }
      if (Object.keys(changes).length === 0) return member;
      await this.assertContactsFree(manager, changes, id);
      return this.applyChange(
        ctx,
        manager,
        member,
        changes,
        'member.update',
        'member.updated',
        'updated the profile',
      );
    });
  }

  async updateCommunicationPreferences(
    ctx: RequestContext,
    id: number,
    input: UpdateCommunicationPreferencesInput,
  ): Promise<Member> {
    assertCanAccessMember(ctx.principal, id);
    return this.write(async (manager) => {
      const member = assertMemberStatus(
        await this.repository.findById(manager, id),
        id,
        [MemberStatus.ACTIVE],
        'change communication preferences',
      );
      const changes: Partial<Member> = {};
      const set = <K extends keyof Member>(key: K, value: Member[K] | undefined) => {
        if (value !== undefined && value !== null && value !== member[key]) changes[key] = value;
      };
      set('commsEmail', input.email);
      set('commsSms', input.sms);
      set('commsPush', input.push);
      set('commsMail', input.mail);
      set('marketingConsent', input.marketingConsent);
      if (changes.marketingConsent !== undefined) changes.marketingConsentUpdatedAt = clock.now();
      if (Object.keys(changes).length === 0) return member;
      return this.applyChange(
        ctx,
        manager,
        member,
        changes,
        'member.preferences',
        'member.preferences-changed',
        'changed communication preferences',
      );
    });
  }

  async linkIdentity(
    ctx: RequestContext,
    memberId: number,
    raw: ChannelIdentityInput,
  ): Promise<ChannelIdentity> {
    const input = normaliseIdentity(raw);
    return this.write(async (manager) => {
      assertMemberStatus(
        await this.repository.findById(manager, memberId),
        memberId,
        [MemberStatus.ACTIVE],
        'link a channel identity',
      );
      const existing = await this.repository.findIdentity(manager, input.channel, input.externalId);
      // Linking what is already linked to the same member is a retry, not an error.
      if (existing?.memberId === memberId) return existing;
      const identityId = await this.insertIdentity(manager, memberId, input, clock.now());
      const identity = (await this.repository.identitiesOf(manager, [memberId])).find(
        (i) => i.id === identityId,
      )!;
      await this.audit.record(ctx, manager, {
        action: 'member.identity.link',
        targetType: 'member',
        targetId: memberId,
        after: { channel: input.channel, externalId: input.externalId },
      });
      await this.activity.record(manager, {
        type: 'member.identity-linked',
        memberId,
        channel: input.channel,
        summary: `Member ${memberId} linked a ${input.channel} identity`,
        payload: { channel: input.channel },
      });
      return identity;
    });
  }

  async unlinkIdentity(ctx: RequestContext, memberId: number, raw: ChannelIdentityInput): Promise<Member> {
    const input = normaliseIdentity(raw);
    return this.write(async (manager) => {
      const member = assertMemberStatus(
        await this.repository.findById(manager, memberId),
        memberId,
        [MemberStatus.ACTIVE, MemberStatus.CLOSED],
        'unlink a channel identity',
      );
      const identity = await this.repository.findIdentity(manager, input.channel, input.externalId);
      if (!identity || identity.memberId !== memberId) {
        throw new NotFoundError(
          'Channel identity',
          `${input.channel}/${input.externalId} of member ${memberId}`,
        );
      }
      await this.repository.deleteIdentity(manager, identity.id);
      await this.audit.record(ctx, manager, {
        action: 'member.identity.unlink',
        targetType: 'member',
        targetId: memberId,
        before: { channel: identity.channel, externalId: identity.externalId },
      });
      await this.activity.record(manager, {
        type: 'member.identity-unlinked',
        memberId,
        channel: identity.channel,
        summary: `Member ${memberId} unlinked a ${identity.channel} identity`,
        payload: { channel: identity.channel },
      });
      return member;
    });
  }

  async close(ctx: RequestContext, id: number, input: CloseMembershipInput): Promise<Member> {
    assertCanAccessMember(ctx.principal, id);
    return this.transition(ctx, id, [MemberStatus.ACTIVE], 'close the membership', {
      changes: {
        status: MemberStatus.CLOSED,
        closedAt: clock.now(),
        closeReason: input.reason,
        closeComment: input.comment?.trim() || null,
      },
      action: 'member.close',
      event: { type: 'member.closed', payload: { reason: input.reason } },
      summary: `closed the membership (${input.reason})`,
    });
  }

  async reactivate(ctx: RequestContext, id: number): Promise<Member> {
    assertCanAccessMember(ctx.principal, id);
    return this.transition(ctx, id, [MemberStatus.CLOSED], 'reactivate the membership', {
      changes: {
        status: MemberStatus.ACTIVE,
        reactivatedAt: clock.now(),
        closedAt: null,
        closeReason: null,
        closeComment: null,
      },
      action: 'member.reactivate',
      event: { type: 'member.reactivated', payload: {} },
      summary: 'reactivated the membership',
    });
  }

  private async transition(
    ctx: RequestContext,
    id: number,
    from: MemberStatus[],
    description: string,
    step: {
      changes: Partial<Member>;
      action: string;
      summary: string;
      event: MembershipEvent;
    },
  ): Promise<Member> {
    return this.write(async (manager) => {
      const before = await this.repository.findById(manager, id);
      const changed = await this.repository.updateMemberIfStatus(manager, id, from, step.changes);
      if (!changed) assertMemberStatus(await this.repository.findById(manager, id), id, from, description);
      const after = (await this.repository.findById(manager, id))!;
      await this.audit.record(ctx, manager, {
        action: step.action,
        targetType: 'member',
        targetId: id,
        before: before && memberSnapshot(before),
        after: memberSnapshot(after),
      });
      await this.activity.record(manager, {
        ...step.event,
        memberId: id,
        summary: `Member ${id} ${step.summary}`,
      });
      return after;
    });
  }

  private async applyChange(
    ctx: RequestContext,
    manager: EntityManager,
    member: Member,
    changes: Partial<Member>,
    action: string,
    eventType: 'member.updated' | 'member.preferences-changed',
    summary: string,
  ): Promise<Member> {
    await this.repository.updateMember(manager, member.id, changes);
    const after = (await this.repository.findById(manager, member.id))!;
    const before = memberSnapshot(member);
    const afterSnapshot = memberSnapshot(after);
    const changed = Object.keys(afterSnapshot).filter(
      (key) => JSON.stringify(before[key]) !== JSON.stringify(afterSnapshot[key]),
    );
    await this.audit.record(ctx, manager, {
      action,
      targetType: 'member',
      targetId: member.id,
      before: pick(before, changed),
      after: pick(afterSnapshot, changed),
    });
    await this.activity.record(manager, {
      type: eventType,
      memberId: member.id,
      summary: `Member ${member.id} ${summary}`,
      payload: { fields: changed },
    });
    return after;
  }

  private async insertIdentity(
    manager: EntityManager,
    memberId: number,
    input: ChannelIdentityInput,
    linkedAt: Date,
  ): Promise<number> {
    const existing = await this.repository.findIdentity(manager, input.channel, input.externalId);
    if (existing) throw identityTaken(input, existing.memberId);
    return this.repository.insertIdentity(manager, {
      memberId,
      channel: input.channel,
      externalId: input.externalId,
      linkedAt,
    });
  }

  /** Email and phone identify a member: refuse one that another member holds, with a clear field. */
  private async assertContactsFree(
    manager: EntityManager,
    contacts: { email?: string | null; phone?: string | null },
    memberId: number | null,
  ): Promise<void> {
    if (contacts.email) {
      const holder = await this.repository.findByEmail(manager, contacts.email);
      if (holder && holder.id !== memberId) {
        throw new ConflictError('This email belongs to another member', { field: 'email' });
      }
    }
    if (contacts.phone) {
      const holder = await this.repository.findByPhone(manager, contacts.phone);
      if (holder && holder.id !== memberId) {
        throw new ConflictError('This phone number belongs to another member', { field: 'phone' });
      }
    }
  }

  /** A transaction whose unique-key races (two registrations at once) surface as CONFLICT, not a 500. */
  private async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(work);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError('Another member already holds this email, phone or channel identity');
      }
      throw error;
    }
  }
}

/**
 * Channel keys are stored and compared lower-case ("POS" is "pos"). The GraphQL inputs normalise them
 * too, but plugins call this service directly, so every identity passes through here.
 */
function normaliseIdentity(input: ChannelIdentityInput): ChannelIdentityInput {
  return { channel: parseChannel(input.channel), externalId: input.externalId };
}

function identityTaken(input: ChannelIdentityInput, memberId: number): ConflictError {
  return new ConflictError(
    `The ${input.channel} identity ${input.externalId} is linked to member ${memberId}`,
    {
      field: 'channelIdentities',
      memberId: String(memberId),
    },
  );
}

function assertNoRepeatedIdentity(identities: ChannelIdentityInput[]): void {
  const seen = new Set<string>();
  for (const { channel, externalId } of identities) {
    const key = `${channel}\u0000${externalId}`;
    if (seen.has(key)) {
      throw BadUserInputError.field('channelIdentities', `${channel}/${externalId} is listed twice`);
    }
    seen.add(key);
  }
}

/** Trims names, lower-cases email, stores phones in E.164; keeps `undefined` (not given) apart from `null` (clear it). */
function normalizeProfile(input: UpdateMemberProfileInput): Partial<Pick<Member, ProfileField>> {
  const trim = (value: string | null | undefined) => (typeof value === 'string' ? value.trim() : value);
  return {
    firstName: trim(input.firstName),
    lastName: trim(input.lastName),
    birthday: input.birthday,
    gender: input.gender,
    region: trim(input.region),
    email: typeof input.email === 'string' ? input.email.trim().toLowerCase() : input.email,
    phone: typeof input.phone === 'string' ? storedPhone(input.phone) : input.phone,
  };
}

function storedPhone(text: string): string {
  const e164 = toE164(text);
  // The input types validate this already; a caller that skipped validation gets the same answer.
  if (!e164)
    throw BadUserInputError.field('phone', 'phone must be a valid phone number with its country code');
  return e164;
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, source[key]]));
}
