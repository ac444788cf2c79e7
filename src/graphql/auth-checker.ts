import type { AuthCheckerFn } from 'type-graphql';
import { partnerRefusal } from '../auth/partner-scopes';
import { ForbiddenError, UnauthenticatedError } from '../common/errors';
import type { GraphQLContext } from './context';

/** @Authorized(roles): no principal is UNAUTHENTICATED, a principal without one of the roles is FORBIDDEN. */
export const authChecker: AuthCheckerFn<GraphQLContext> = ({ context, info }, roles) => {
  const principal = context.principal;
  if (!principal) throw new UnauthenticatedError();
  // Partners' API keys are checked by scope, per operation, whatever roles the resolver names.
  if (principal.role === 'partner') {
    const refusal = partnerRefusal(principal, `${info.parentType.name}.${info.fieldName}`);
    if (refusal) throw new ForbiddenError(refusal);
    return true;
  }
  if (roles.length === 0 || roles.includes(principal.role)) return true;
  throw new ForbiddenError(`This needs the ${roles.join(' or ')} role`);
};
