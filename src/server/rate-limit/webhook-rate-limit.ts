import type { RequestHandler, Response } from 'express';
import { clientAddress } from './client-address';
import type { Decision } from './decision';
import { retryAfterSeconds, setRateLimitHeaders } from './rate-limit-headers';
import { authFailureKey, type RateLimits } from './rate-limits';

/** Longer first path segments are not plugin names; cut so a key stays small whatever the URL. */
const MAX_PLUGIN_SEGMENT = 64;

/**
 * `/webhooks/<plugin>/...`: a generous budget per plugin and sending address (platforms burst, and a
 * webhook never names the member it is about in a way worth keying on), and the failed-authentication
 * budget per plugin and address: a 401 from the plugin (bad or missing signature, unknown shop) spends
 * it, and once it is gone that address is answered 429 without the signature being checked.
 */
export function webhookRateLimit(limits: RateLimits): RequestHandler {
  return async (req, res, next) => {
    if (!limits.enabled) return next();
    const plugin = (req.path.split('/')[1] ?? '').slice(0, MAX_PLUGIN_SEGMENT);
    const address = clientAddress(req);
    const authKey = authFailureKey(address, plugin);
    if (limits.authBlockedMs(authKey) > 0) return refuse(res, limits.blockedDecision(authKey));
    const decision = await limits.consumeWebhook(plugin, address);
    if (decision) {
      if (!decision.allowed) return refuse(res, decision);
      setRateLimitHeaders(res, decision);
    }
    res.on('finish', () => {
      if (res.statusCode === 401) void limits.recordAuthFailure(authKey, 'webhook');
    });
    next();
  };
}

function refuse(res: Response, decision: Decision): void {
  setRateLimitHeaders(res, decision);
  res.status(429).json({
    error: `Too many ${decision.scope === 'auth' ? 'failed signatures' : 'webhook requests'}: retry in ${retryAfterSeconds(decision)} s`,
  });
}
