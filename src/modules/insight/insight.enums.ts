import { registerEnumType } from 'type-graphql';

/** The usual RFM segment names (../shared/EXTERNAL.md), mapped from R and the mean of F and M. */
export enum RfmSegment {
  CHAMPIONS = 'CHAMPIONS',
  LOYAL = 'LOYAL',
  POTENTIAL_LOYALIST = 'POTENTIAL_LOYALIST',
  NEW_CUSTOMERS = 'NEW_CUSTOMERS',
  PROMISING = 'PROMISING',
  NEED_ATTENTION = 'NEED_ATTENTION',
  ABOUT_TO_SLEEP = 'ABOUT_TO_SLEEP',
  AT_RISK = 'AT_RISK',
  CANNOT_LOSE = 'CANNOT_LOSE',
  HIBERNATING = 'HIBERNATING',
  LOST = 'LOST',
}

/** Where a member is in their life with the programme, relative to their own purchase cadence. */
export enum LifecycleStage {
  NEW = 'NEW',
  GROWING = 'GROWING',
  MATURE = 'MATURE',
  DECLINING = 'DECLINING',
  CHURNED = 'CHURNED',
  REACTIVATED = 'REACTIVATED',
}

export enum KpiGrouping {
  NONE = 'NONE',
  CHANNEL = 'CHANNEL',
  STORE = 'STORE',
}

registerEnumType(RfmSegment, { name: 'RfmSegment' });
registerEnumType(LifecycleStage, {
  name: 'LifecycleStage',
  description:
    'NEW (acquired), GROWING (activated), MATURE (loyal), DECLINING (at risk), CHURNED (lapsed), REACTIVATED',
});
registerEnumType(KpiGrouping, { name: 'KpiGrouping' });
