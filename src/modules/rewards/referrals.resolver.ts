import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { BadUserInputError } from '../../common/errors';
import type { GraphQLContext } from '../../graphql/context';
import { parseMemberId } from '../members';
import type { ReferralService } from './referral.service';
import { Referral } from './referral.entity';

@Resolver(() => Referral)
export class ReferralsResolver {
  constructor(private readonly referrals: ReferralService) {}

  @Authorized('member', 'staff', 'admin')
  @Mutation(() => Referral, {
    description:
      "Record that a member was referred by the owner of a code (once per member; not one's own code)",
  })
  applyReferralCode(
    @Arg('memberId', () => ID) memberId: string,
    @Arg('code') code: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Referral> {
    if (code.length > 32 || !/\S/.test(code))
      throw BadUserInputError.field('code', 'code is not a referral code');
    return this.referrals.apply(ctx, parseMemberId(memberId, 'memberId'), code);
  }

  /** Ids only: the referee must not read the referrer's profile through the referral. */
  @FieldResolver(() => ID, { description: 'The member who was referred' })
  refereeId(@Root() referral: Referral): string {
    return String(referral.refereeId);
  }

  @FieldResolver(() => ID, { description: 'The member whose code was used' })
  referrerId(@Root() referral: Referral): string {
    return String(referral.referrerId);
  }
}
