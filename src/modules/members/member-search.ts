import { Field, InputType } from 'type-graphql';
import { IsEmail, IsEnum, IsOptional, MaxLength, MinLength } from 'class-validator';
import { MemberStatus } from './member.enums';
import { IsChannelKey } from '../../common/channel-key';
import { IsMemberPhone } from './member.validation';
import { phoneSearchPrefix, toE164 } from './phone-number';

@InputType({ description: 'Staff search; all given criteria must match' })
export class MemberFilter {
  @Field(() => String, { nullable: true, description: 'Start of first or last name, email or phone' })
  @IsOptional()
  @MinLength(2)
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
}

export function memberCriteria(filter: MemberFilter): MemberCriteria {
  return {
    ...filter,
    // validated already; an unreadable number (from a caller that skipped validation) matches nobody
    phone: filter.phone ? (toE164(filter.phone) ?? filter.phone) : filter.phone,
    searchPhonePrefix: filter.search ? phoneSearchPrefix(filter.search) : null,
  };
}
