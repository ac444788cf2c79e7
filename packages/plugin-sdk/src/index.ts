/**
 * @loyalty-bff/plugin-sdk: the only module a plugin imports from the loyalty server. It names what a
 * plugin declares (`definePlugin`), the capability-scoped context it receives, the catalogue of activity
 * events and their payloads, and helpers every connector needs (signatures over raw bodies, lossless JSON
 * for int64 ids, money in minor units, errors the host understands). Anything not exported here is the
 * server's business and may change without notice.
 */
export type {
  InboundWebhookRequest,
  LiveFieldDefinition,
  PluginBalance,
  PluginCaller,
  PluginCallerRule,
  PluginContext,
  PluginDefinition,
  PluginDelivery,
  PluginEntityManager,
  PluginEvent,
  PluginEventHandlers,
  PluginFeedback,
  PluginHealthReport,
  PluginJob,
  PluginLogger,
  PluginMember,
  PluginOrderLine,
  PluginPaymentQuote,
  PluginPoints,
  PluginPointsMovement,
  PluginPointsPayment,
  PluginProduct,
  PluginRecordOrder,
  PluginRefundOrder,
  PluginResolverAccess,
  WebhookAcceptance,
  WebhookDefinition,
} from './plugin-definition';
export type { PluginRepository } from './plugin-repository';
export { definePlugin } from './define-plugin';
export { SDK_VERSION } from './version';
export { isActiveMembership, type MembershipStatus } from './membership';
export {
  PLUGIN_KINDS,
  PLUGIN_PERMISSIONS,
  isPluginPermission,
  type PluginKind,
  type PluginPermission,
} from './permissions';
export { Secret, secretFieldsOf } from './secret';
export { clock, installSharedClock, type Clock } from './clock';
export {
  errorCode,
  fieldError,
  isPermanentDeliveryFailure,
  isRetryLaterFailure,
  isWebhookRejection,
  permanentFailure,
  PermanentDeliveryFailure,
  PLUGIN_ERROR_CODES,
  pluginError,
  type PluginErrorCode,
  retryLater,
  RetryLaterFailure,
  webhookError,
  WebhookRejection,
} from './errors';
export { hmacSha256Base64, hmacSha256Hex, signaturesMatch } from './signatures';
export { parseJsonLossless } from './lossless-json';
export { currencyDigits, decimalToMinor } from './money';
/** For a plugin's migrations: its SQLite tables written the way TypeORM describes its entities. */
export { matchSqliteColumnsToEntities } from './sqlite-columns';
export * from './events';
