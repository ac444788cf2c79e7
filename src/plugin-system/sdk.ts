/**
 * The plugin SDK: the only module a plugin imports from the core. It names what a plugin declares
 * (`definePlugin`), the capability-scoped context it receives, and helpers every connector needs
 * (signatures over raw bodies, lossless JSON for int64 ids, money in minor units, errors the host
 * understands). Anything not exported here is the core's business and may change without notice.
 */
import type { PluginDefinition } from './plugin-definition';
import packageJson from '../../package.json';

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
export { PLUGIN_PERMISSIONS, type PluginKind, type PluginPermission } from './plugin-permissions';
export { Secret } from './secret-option';
/** "Now" for plugins: the host's one clock, which tests pin (never `new Date()` for a business date). */
export { clock, type Clock } from '../common/clock';
export {
  errorCode,
  pluginError,
  fieldError,
  type PluginErrorCode,
  permanentFailure,
  PermanentDeliveryFailure,
  retryLater,
  RetryLaterFailure,
  webhookError,
  WebhookRejection,
} from './plugin-errors';
export { hmacSha256Base64, hmacSha256Hex, signaturesMatch } from './webhook-signatures';
export { parseJsonLossless } from './lossless-json';
export { decimalToMinor, currencyDigits } from './money';
/** For a plugin's migrations: its SQLite tables written the way TypeORM describes its entities. */
export { matchSqliteColumnsToEntities } from '../data/sqlite-column-types';

/** The core's version, matched against each plugin's `core` range at load time. */
export const CORE_VERSION: string = packageJson.version;

/** Declares a plugin; the value is what the plugin's `index.ts` exports as default. */
export function definePlugin<O extends object>(definition: PluginDefinition<O>): PluginDefinition<O> {
  return definition;
}
