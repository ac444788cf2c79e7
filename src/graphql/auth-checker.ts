import type { AuthCheckerFn } from 'type-graphql';
import { ForbiddenError, UnauthenticatedError } from '../common/errors';
import type { GraphQLContext } from './context';

/** @Authorized(roles): no principal is UNAUTHENTICATED, a principal without one of the roles is FORBIDDEN. */
export const authChecker: AuthCheckerFn<GraphQLContext> = ({ context }, roles) => {
  const principal = context.principal;
  if (!principal) throw new UnauthenticatedError();
  if (roles.length === 0 || roles.includes(principal.role)) return true;
  throw new ForbiddenError(`This needs the ${roles.join(' or ')} role`);
};
