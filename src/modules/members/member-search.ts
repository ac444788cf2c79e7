import { Field, InputType } from 'type-graphql';
import { IsEmail, IsEnum, IsOptional, Matches, MaxLength, MinLength } from 'class-validator';
import { MemberStatus } from './member.enums';
import { IsChannelKey, isChannelKey, normaliseChannel } from '../../common/channel-key';
import { MAX_ID } from '../../common/ids';
import { IsMemberPhone } from './member.validation';
import { phoneSearchPrefix, toE164 } from './phone-number';

@InputType({ description: 'Staff search; all given criteria must match' })
export class MemberFilter {
  @Field(() => String, {
    nullable: true,
    description:
      'One box for support: the start of a first or last name ("Ada", "Ada Love"), of an email, of a phone in any common format ("+49 170 12", "0049 170 12"), a member id ("42" or "#42"), or a channel identity ("shopify:123")',
  })
  @IsOptional()
  @Matches(/^(\d|[\s\S]{2,})$/, { message: 'search must be a member id or at least 2 characters' })
  @MaxLength(100)
  search?: string | null;

  @Field(() => String, { nullable: true, description: 'Start of first or last name' })
  @IsOptional()
  @MinLength(1)
  @MaxLength(100)
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Exact email (case-insensitive)' })
  @IsOptional()
  @IsEmail()
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Exact phone, in any format registration accepts' })
  @IsOptional()
  @IsMemberPhone()
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'Members with an identity in this channel' })
  @IsOptional()
  @IsChannelKey()
  channel?: string | null;

  @Field(() => String, { nullable: true, description: 'With channel: the exact external id' })
  @IsOptional()
  @MinLength(1)
  @MaxLength(191)
  externalId?: string | null;

  @Field(() => MemberStatus, { nullable: true })
  @IsOptional()
  @IsEnum(MemberStatus)
  status?: MemberStatus | null;
}

/** The filter as the repository compares it: phones in their stored E.164 form. */
export interface MemberCriteria extends MemberFilter {
  /** The free text read as the start of a phone number; `null` when it does not look like one. */
  searchPhonePrefix?: string | null;
  /** The free text read as a member id (`42`, `#42`); `null` when it is not one. */
  searchMemberId?: number | null;
  /** The free text read as a channel identity (`shopify:123`); `null` when it is not one. */
  searchIdentity?: { channel: string; externalId: string } | null;
  /** The free text read as "first last" (two words or more); `null` for one word. */
  searchFullName?: { first: string; last: string } | null;
}

export function memberCriteria(filter: MemberFilter): MemberCriteria {
  const search = filter.search?.trim() || null;
  return {
    ...filter,
    search,
    // validated already; an unreadable number (from a caller that skipped validation) matches nobody
    phone: filter.phone ? (toE164(filter.phone) ?? filter.phone) : filter.phone,
    searchPhonePrefix: search ? phoneSearchPrefix(search.replace(/^00(?=[1-9])/, '+')) : null,
    searchMemberId: search ? memberIdIn(search) : null,
    searchIdentity: search ? identityIn(search) : null,
    searchFullName: search ? fullNameIn(search) : null,
  };
}

function memberIdIn(text: string): number | null {
  const match = /^#?(\d{1,10})$/.exec(text);
  const id = match ? Number(match[1]) : 0;
  return id >= 1 && id <= MAX_ID ? id : null;
}

/** `shopify:123`, `POS: 0042` (the channel key is normalised as everywhere else; the external id is exact). */
function identityIn(text: string): { channel: string; externalId: string } | null {
  const match = /^([A-Za-z][\w-]*)\s*:\s*(\S.*)$/.exec(text);
  if (!match) return null;
  const channel = normaliseChannel(match[1]);
  const externalId = match[2].trim();
  return isChannelKey(channel) && externalId.length <= 191 ? { channel, externalId } : null;
}

function fullNameIn(text: string): { first: string; last: string } | null {
  const words = text.split(/\s+/);
  if (words.length < 2 || text.includes('@') || /\d/.test(text)) return null;
  return { first: words[0], last: words.slice(1).join(' ') };
}
