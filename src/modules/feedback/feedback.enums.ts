import { registerEnumType } from 'type-graphql';

/** How feedback aggregates are grouped: by period (UTC; weeks start on Monday) or by a dimension. */
export enum FeedbackGrouping {
  NONE = 'NONE',
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  STORE = 'STORE',
  CHANNEL = 'CHANNEL',
  TIER = 'TIER',
}

registerEnumType(FeedbackGrouping, {
  name: 'FeedbackGrouping',
  description: 'Periods are UTC calendar days, ISO weeks (key: the Monday) and months',
});
