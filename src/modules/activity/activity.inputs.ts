import { Field, ID, InputType } from 'type-graphql';
import { IsChannelKey } from '../../common/channel-key';
import { ArrayMaxSize, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const LIST = 50;

/** Each list means "any of these"; lists combine with AND; an absent or empty list selects everything. */
@InputType()
export class ActivityFilter {
  @Field(() => [String], { nullable: true, description: 'Event types, e.g. points.earned' })
  @IsOptional()
  @ArrayMaxSize(LIST)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  types?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Tier codes: the member's tier when read" })
  @IsOptional()
  @ArrayMaxSize(LIST)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  tiers?: string[] | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(LIST)
  @IsChannelKey({ each: true })
  channels?: string[] | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(LIST)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  storeIds?: string[] | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(LIST)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  plugins?: string[] | null;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(LIST)
  @Matches(/^[1-9]\d{0,15}$/, { each: true, message: 'memberIds must be member ids' })
  memberIds?: string[] | null;
}
