import { PLUGIN_ERROR_CODES } from '@loyalty-bff/plugin-sdk';
import type { ErrorCode } from '../common/errors';

/**
 * The errors a plugin raises on purpose are the SDK's (packages/plugin-sdk/src/errors.ts); the host
 * recognises them with its `is...` guards, which accept errors from any copy of the package.
 */
export {
  errorCode,
  fieldError,
  isPermanentDeliveryFailure,
  isRetryLaterFailure,
  isWebhookRejection,
  PermanentDeliveryFailure,
  permanentFailure,
  pluginError,
  type PluginErrorCode,
  retryLater,
  RetryLaterFailure,
  webhookError,
  WebhookRejection,
} from '@loyalty-bff/plugin-sdk';

/** The SDK's codes must stay inside the core's closed set: this line stops compiling otherwise. */
export const PLUGIN_CODES_ARE_CORE_CODES: readonly ErrorCode[] = PLUGIN_ERROR_CODES;

/** Stops the server at start-up: a PLUGINS entry cannot be loaded or clashes with another. */
export class PluginLoadError extends Error {
  constructor(readonly problems: string[]) {
    super(`Plugins cannot be loaded:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}
