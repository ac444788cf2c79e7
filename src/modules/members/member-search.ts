import { Field, InputType } from 'type-graphql';
import { IsEmail, IsEnum, IsOptional, Matches, MaxLength, MinLength } from 'class-validator';
import { MemberStatus } from './member.enums';
import { IsChannelKey } from '../../common/channel-key';
import { E164_PATTERN } from './member.validation';

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

  @Field(() => String, { nullable: true, description: 'Exact phone, E.164' })
  @IsOptional()
  @Matches(E164_PATTERN, { message: 'phone must be in E.164 form, e.g. +4915112345678' })
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
