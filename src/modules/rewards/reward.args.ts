import { ArgsType, Field, Int } from 'type-graphql';
import { IsEnum, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ConnectionArgs } from '../../graphql/connection';
import { CouponStatus } from './reward.enums';

@ArgsType()
export class CouponsArgs extends ConnectionArgs {
  @Field(() => CouponStatus, { nullable: true })
  @IsOptional()
  @IsEnum(CouponStatus)
  status?: CouponStatus | null;
}

export const MAX_AFFORDABLE = 50;

@ArgsType()
export class AffordableRewardsArgs {
  @Field(() => Int, { defaultValue: 10, description: `1 to ${MAX_AFFORDABLE}` })
  @IsInt()
  @Min(1)
  @Max(MAX_AFFORDABLE)
  first: number = 10;
}
