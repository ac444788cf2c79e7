import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsBoolean, IsInt, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { Product } from '../catalog';
import { Reward } from '../rewards';
import { RecommendationItemType } from './recommendation-dismissal.entity';
import { ReasonKind } from './product-ranking';

/** Reward reasons extend the product ones: one enum, so a front-end renders every "why" the same way. */
export enum RewardReasonKind {
  REDEEMED_BEFORE = 'REDEEMED_BEFORE',
  LIKE_YOUR_REDEMPTIONS = 'LIKE_YOUR_REDEMPTIONS',
  TIER_EXCLUSIVE = 'TIER_EXCLUSIVE',
  AFFORDABLE = 'AFFORDABLE',
}

export const RecommendationReasonKind = { ...ReasonKind, ...RewardReasonKind };
export type RecommendationReasonKind = ReasonKind | RewardReasonKind;

registerEnumType(RecommendationReasonKind, {
  name: 'RecommendationReasonKind',
  description:
    "BOUGHT_WITH: item-to-item CF; BOUGHT_NEXT: often bought next after a recent purchase; BUY_AGAIN: rebought on a cycle and due again; MATCHES_YOUR_TASTE: categories and attributes; NEW_ARRIVAL: a new product like what you buy; POPULAR_IN_CATEGORY: trending popularity; rewards (ranked by the likelihood to redeem and the programme's value): REDEEMED_BEFORE, LIKE_YOUR_REDEMPTIONS (the kind you redeem most), TIER_EXCLUSIVE, AFFORDABLE",
});

@ObjectType({ description: 'Why something is recommended' })
export class RecommendationReason {
  @Field(() => RecommendationReasonKind)
  kind: RecommendationReasonKind;

  @Field({
    description: 'One line for the member, e.g. "Members who bought Pour-over dripper also bought this"',
  })
  text: string;

  @Field(() => Product, { nullable: true, description: 'BOUGHT_WITH: the product of yours it goes with' })
  relatedProduct: Product | null;
}

@ObjectType()
export class ProductRecommendation {
  @Field(() => Product)
  product: Product;

  @Field(() => Float, { description: 'Relative score (higher first); not a probability' })
  score: number;

  @Field(() => RecommendationReason)
  reason: RecommendationReason;
}

@ObjectType()
export class RewardRecommendation {
  @Field(() => Reward)
  reward: Reward;

  @Field(() => RecommendationReason)
  reason: RecommendationReason;
}

@ArgsType()
export class ProductRecommendationsArgs {
  @Field(() => ID, { nullable: true, description: 'Staff: whose. Members: themselves (default)' })
  @IsOptional()
  @MaxLength(20)
  memberId?: string;

  @Field(() => Int, { defaultValue: 10, description: '1 to 50' })
  @IsInt()
  @Min(1)
  @Max(50)
  first: number;

  @Field({ defaultValue: false, description: 'Leave out products the member bought before' })
  @IsBoolean()
  excludePurchased: boolean;

  @Field({
    nullable: true,
    description: 'Only this category and its subcategories (eco matches eco/refills)',
  })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9\-/]*$/, { message: 'category must be a lower-case slug such as coffee' })
  @MaxLength(64)
  category?: string;

  @Field({ defaultValue: false, description: 'Rank sustainable products higher (× 1.25)' })
  @IsBoolean()
  favourSustainable: boolean;
}

@ArgsType()
export class RewardRecommendationsArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @MaxLength(20)
  memberId?: string;

  @Field(() => Int, { defaultValue: 5, description: '1 to 20' })
  @IsInt()
  @Min(1)
  @Max(20)
  first: number;
}

@InputType()
export class DismissRecommendationInput {
  @Field(() => ID, { nullable: true, description: 'Staff: whose. Members: themselves (default)' })
  @IsOptional()
  @MaxLength(20)
  memberId?: string;

  @Field(() => RecommendationItemType)
  itemType: RecommendationItemType;

  @Field(() => ID, { description: 'The product or reward id' })
  @MaxLength(20)
  itemId: string;
}

@ObjectType()
export class DismissRecommendationPayload {
  @Field(() => RecommendationItemType)
  itemType: RecommendationItemType;

  @Field(() => ID)
  itemId: string;

  @Field({ description: 'True when it had been dismissed before (nothing changed)' })
  alreadyDismissed: boolean;
}
