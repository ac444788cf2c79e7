import { getNullableType, isObjectType } from 'graphql';
import type { MiddlewareFn } from 'type-graphql';
import { MEMBER_OWNED_TYPES, memberOwnedRefusal } from '../auth/member-owned-types';
import { ForbiddenError } from '../common/errors';
import type { GraphQLContext } from './context';

/**
 * Applies the member access rule to every field of a member's data, not only to root queries:
 * `@Authorized` and the services check the member asked for at the root, but relations reached from
 * there (a merged member's survivor, an order's member) would otherwise show another member's data.
 * Two checks, so that one rule covers every path, present and future: a field of another member's
 * value is refused, and so is a field that returns one (`me { mergedInto }` is FORBIDDEN itself,
 * rather than answering an empty shell). Only member tokens are limited; others pass straight through.
 */
export const memberAccessGuard: MiddlewareFn<GraphQLContext> = ({ root, context, info }, next) => {
  const principal = context.principal;
  if (principal?.role !== 'member') return next();
  const refusal = memberOwnedRefusal(principal, info.parentType.name, root);
  if (refusal) throw new ForbiddenError(refusal);
  // Lists need no check here: each element's own fields are checked as the parent above.
  const returned = getNullableType(info.returnType);
  if (!isObjectType(returned) || !MEMBER_OWNED_TYPES[returned.name]) return next();
  return Promise.resolve(next()).then((value: unknown) => {
    const refused = value == null ? null : memberOwnedRefusal(principal, returned.name, value);
    if (refused) throw new ForbiddenError(refused);
    return value;
  });
};
