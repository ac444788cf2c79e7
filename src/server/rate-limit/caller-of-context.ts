import type { Caller } from './caller';

/**
 * The caller whose budget a request's context spends, for the budgets checked later in the request
 * (expensive operations). A symbol property, so the GraphQL context type needs no transport field; an
 * enumerable own one, because Apollo copies the context per operation (Object.assign keeps it).
 */
const CALLER = Symbol('rate-limit caller');

export function withCaller<T extends object>(context: T, caller: Caller): T {
  (context as Record<symbol, Caller>)[CALLER] = caller;
  return context;
}

export function callerOfContext(context: object): Caller | undefined {
  return (context as Record<symbol, Caller | undefined>)[CALLER];
}
