import { Field, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ConnectionType } from '../../graphql/connection';
import { Member } from './member.entity';
import { CloseReason } from './member.enums';

@ObjectType({ description: 'Consent to marketing, with when it was last given or withdrawn' })
export class MarketingConsent {
  @Field()
  granted: boolean;

  @Field(() => Date, { nullable: true })
  updatedAt: Date | null;
}

@ObjectType({ description: 'Which channels the member agrees to be contacted through' })
export class CommunicationPreferences {
  @Field()
  email: boolean;

  @Field()
  sms: boolean;

  @Field()
  push: boolean;

  @Field({ description: 'Postal mail' })
  mail: boolean;
}

@ObjectType({ description: 'Why and when a membership was closed (exit feedback)' })
export class MembershipClosure {
  @Field(() => CloseReason)
  reason: CloseReason;

  @Field(() => String, { nullable: true })
  comment: string | null;

  @Field()
  closedAt: Date;
}

@ObjectType()
export class MemberConnection extends ConnectionType('Member', Member) {
  /** Counting is a separate statement, run only when a client asks for it. */
  countMembers: () => Promise<number>;

  @Field(() => Int, { description: 'Members matching the filter (a separate count: ask only when needed)' })
  totalCount(): Promise<number> {
    return this.countMembers();
  }
}

@ObjectType()
export class MergeMembersPayload {
  @Field(() => Member)
  survivor: Member;

  @Field(() => Member, { description: 'The duplicate, now MERGED and pointing at the survivor' })
  merged: Member;

  @Field(() => Int)
  movedIdentities: number;

  @Field({ description: 'True when this merge had already been done (a retry): nothing changed' })
  alreadyMerged: boolean;
}

@ObjectType({ description: 'Everything held about a member, as one JSON document' })
export class MemberDataExport {
  @Field(() => ID)
  memberId: string;

  @Field()
  exportedAt: Date;

  @Field(() => GraphQLJSONObject, { description: 'Sections: member, channelIdentities, auditTrail, ...' })
  data: Record<string, unknown>;
}
