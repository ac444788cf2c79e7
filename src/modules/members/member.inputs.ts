import { Field, InputType } from 'type-graphql';
import {
  ArrayMaxSize,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { CloseReason, Gender } from './member.enums';
import { IsChannelKey } from '../../common/channel-key';
import { IsBirthday, IsMemberPhone } from './member.validation';

@InputType()
export class ChannelIdentityInput {
  @Field({ description: 'Channel key, e.g. online-store, pos, shopify' })
  @IsChannelKey()
  channel: string;

  @Field({ description: "The channel's own id for the member (a string: platform ids exceed 2^53)" })
  @IsString()
  @MinLength(1)
  @MaxLength(191)
  @Matches(/\S/, { message: 'externalId must not be blank' })
  externalId: string;
}

@InputType()
export class CommunicationPreferencesInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  email?: boolean;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  sms?: boolean;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  push?: boolean;

  @Field({ nullable: true, description: 'Postal mail' })
  @IsOptional()
  @IsBoolean()
  mail?: boolean;
}

/** Profile fields shared by registration and update; on update, null clears a field and absent keeps it. */
@InputType('ProfileFieldsBase') // only inherited, never referenced: not emitted
abstract class ProfileFields {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  firstName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  lastName?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @IsBirthday()
  birthday?: string | null;

  @Field(() => Gender, { nullable: true })
  @IsOptional()
  @IsEnum(Gender)
  gender?: Gender | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  region?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Any common format with the country code (+49 170 1234567); stored and returned as E.164',
  })
  @IsOptional()
  @IsMemberPhone()
  phone?: string | null;
}

@InputType()
export class RegisterMemberInput extends ProfileFields {
  @Field({ description: 'Channel the member joins through, e.g. online-store, pos, mini-program' })
  @IsChannelKey()
  joinChannel: string;

  @Field({ nullable: true, description: 'Absent means not asked: no consent, and no consent time recorded' })
  @IsOptional()
  @IsBoolean()
  marketingConsent?: boolean;

  @Field(() => CommunicationPreferencesInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CommunicationPreferencesInput)
  communicationPreferences?: CommunicationPreferencesInput | null;

  @Field(() => [ChannelIdentityInput], { nullable: true, description: 'Identities to link at once' })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ChannelIdentityInput)
  channelIdentities?: ChannelIdentityInput[] | null;
}

@InputType()
export class UpdateMemberProfileInput extends ProfileFields {}

@InputType()
export class UpdateCommunicationPreferencesInput extends CommunicationPreferencesInput {
  @Field({ nullable: true, description: 'Consent to marketing; recorded with its time' })
  @IsOptional()
  @IsBoolean()
  marketingConsent?: boolean;
}

@InputType()
export class CloseMembershipInput {
  @Field(() => CloseReason)
  @IsEnum(CloseReason)
  reason: CloseReason;

  @Field(() => String, { nullable: true, description: 'Free-text exit feedback' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  comment?: string | null;
}
