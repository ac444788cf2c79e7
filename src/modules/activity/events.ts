/**
 * The catalogue of activity events (type → payload type, with a description) is published in the
 * plugin SDK, since plugins' handlers and partners read it (packages/plugin-sdk/src/events.ts). Modules
 * reach it here, through the activity module's index.
 */
export {
  ACTIVITY_EVENT_TYPES,
  ACTIVITY_EVENTS,
  ACTIVITY_PAYLOAD_FIELDS,
  isActivityEventType,
  type ActivityNestedShapes,
  type ActivityPayloadShapes,
  type PayloadFieldSpec,
  type ActivityEventCatalogue,
  type ActivityEventDescription,
  type ActivityEventType,
  type ActivityPayload,
  type ActivityPayloadShape,
  type PointsMovementEventType,
} from '@loyalty-bff/plugin-sdk';
export type {
  BehaviourRewardedPayload,
  BenefitGrantedPayload,
  CouponPayload,
  DetractorAlertPayload,
  FeedbackPayload,
  FulfilmentUpdatedPayload,
  MemberClosedPayload,
  MemberErasedPayload,
  MemberFieldsChangedPayload,
  MemberIdentityPayload,
  MemberLifecycleChangedPayload,
  MemberMergedPayload,
  MemberReactivatedPayload,
  MemberRegisteredPayload,
  OrderRecordedPayload,
  OrderRefundedPayload,
  PointsExpiringSoonPayload,
  PointsMovementPayload,
  PointsSourcePayload,
  RedemptionPayload,
  ReferralAppliedPayload,
  ReferralRewardedPayload,
  TierChangedPayload,
  TierRefPayload,
} from '@loyalty-bff/plugin-sdk';
