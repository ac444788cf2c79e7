export { LiveActivity, type LiveActivityOptions } from './live-activity';
export { SLOW_CONSUMER_CLOSE_CODE } from './slow-consumer';
export type { PublishedOutbox } from './published-outbox';
