/**
 * Close code for a socket whose client stopped taking data: 1013 "Try Again Later" (RFC 6455
 * registry). graphql-ws clients treat it as retryable; the client resubscribes with its last cursor
 * and the replay fills what it missed.
 */
export const SLOW_CONSUMER_CLOSE_CODE = 1013;
