import type { MiddlewareFn } from 'type-graphql';
import { partnerFieldRefusal } from '../auth/partner-scopes';
import { ForbiddenError } from '../common/errors';
import type { GraphQLContext } from './context';

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * Checks a partner's scopes on every field it resolves, not only on the operation: `@Authorized`
 * guards root fields, but relations reached from them (a member's orders, an order's member) would
 * otherwise be open to any key that can reach the parent. Other callers pass straight through.
 */
export const partnerFieldGuard: MiddlewareFn<GraphQLContext> = ({ context, info }, next) => {
  const principal = context.principal;
  if (principal?.role !== 'partner' || ROOT_TYPES.has(info.parentType.name)) return next();
  const refusal = partnerFieldRefusal(principal, info.parentType.name, info.fieldName);
  if (refusal) throw new ForbiddenError(refusal);
  return next();
};
