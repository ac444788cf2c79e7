/** Rate limiting and abuse protection for /graphql (HTTP and graphql-ws) and /webhooks. */
export { RateLimits } from './rate-limits';
export { admitHttpRequest } from './http-rate-limit';
export { withCaller } from './caller-of-context';
export { expensiveOperationsPlugin } from './expensive-operations.plugin';
export { webhookRateLimit } from './webhook-rate-limit';
export {
  RATE_LIMITED_CLOSE_CODE,
  admitSocketOperation,
  authenticateSocket,
  limitConnectionFloods,
} from './ws-rate-limit';
export { readRateLimitConfig, type RateLimitConfig } from './rate-limit.config';
