import { registerEnumType } from 'type-graphql';

/** Things a member does (besides buying) that earning rules can reward. */
export enum Behaviour {
  SURVEY_COMPLETED = 'SURVEY_COMPLETED',
  REVIEW_WRITTEN = 'REVIEW_WRITTEN',
  /** The member who referred a friend (rewarded on the friend's first order). */
  REFERRAL_REFERRER = 'REFERRAL_REFERRER',
  /** The friend who was referred (rewarded on their own first order). */
  REFERRAL_REFEREE = 'REFERRAL_REFEREE',
  SOCIAL_SHARE = 'SOCIAL_SHARE',
  GREEN_ACTION = 'GREEN_ACTION',
  CHARITY_PARTICIPATION = 'CHARITY_PARTICIPATION',
  BIRTHDAY = 'BIRTHDAY',
}

registerEnumType(Behaviour, {
  name: 'Behaviour',
  description: 'What a member did to earn points besides buying',
});
