import { registerEnumType } from 'type-graphql';

/**
 * Things a member does (besides buying) that earning rules can reward. Each award carries a reference
 * that is unique per member and behaviour (`survey:12`, `review:981`, `referral:7`, `birthday:2026`),
 * so the same thing never pays twice; BEHAVIOUR rules set the points and optional caps.
 */
export enum Behaviour {
  /** Reference: the survey response, e.g. `survey:12`. */
  SURVEY_COMPLETED = 'SURVEY_COMPLETED',
  REVIEW_WRITTEN = 'REVIEW_WRITTEN',
  /** The member who referred a friend (rewarded on the friend's first order). */
  REFERRAL_REFERRER = 'REFERRAL_REFERRER',
  /** The friend who was referred (rewarded on their own first order). */
  REFERRAL_REFEREE = 'REFERRAL_REFEREE',
  SOCIAL_SHARE = 'SOCIAL_SHARE',
  /** Brought a bag, recycled, refilled...: usually capped per day. */
  GREEN_ACTION = 'GREEN_ACTION',
  CHARITY_PARTICIPATION = 'CHARITY_PARTICIPATION',
  /** Once a year: reference `birthday:<year>`. */
  BIRTHDAY = 'BIRTHDAY',
}

registerEnumType(Behaviour, {
  name: 'Behaviour',
  description: 'What a member did to earn points besides buying',
});
