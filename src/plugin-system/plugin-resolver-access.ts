import { randomUUID } from 'node:crypto';
import { assertCanAccessMember } from '../auth/member-access';
import { ConflictError, ForbiddenError, UnauthenticatedError } from '../common/errors';
import type { RequestContext } from '../common/request-context';
import type { PluginCaller, PluginDefinition, PluginResolverAccess } from './plugin-definition';
import type { PluginHost } from './plugin-host';

/**
 * What a plugin's resolvers get instead of the host: a context for the GraphQL request, only after the
 * caller passed the rule the resolver states. Plugin operations are not in the core's partner scope
 * table (src/auth/partner-scopes.ts), so their resolvers carry no @Authorized and this is their check:
 * token roles as listed, and partner API keys only when they belong to this very plugin and carry the
 * named scope.
 */
export function pluginResolverAccess(host: PluginHost, definition: PluginDefinition): PluginResolverAccess {
  return {
    async context(graphqlContext, rule) {
      const request = graphqlContext as Partial<RequestContext>;
      const principal = request.principal;
      if (!principal) throw new UnauthenticatedError();
      if (principal.role === 'partner') {
        if (!rule.partnerScope || principal.plugin !== definition.name) {
          throw new ForbiddenError(`This operation is not open to this API key`);
        }
        if (!principal.scopes?.includes(rule.partnerScope)) {
          throw new ForbiddenError(`This API key lacks the ${rule.partnerScope} scope`);
        }
      } else if (!(rule.roles as string[]).includes(principal.role)) {
        throw new ForbiddenError(`This needs the ${rule.roles.join(' or ')} role`);
      }
      const active = await host.active(definition.name);
      if (!active) throw new ConflictError(`Plugin ${definition.name} is not enabled`);
      const caller: PluginCaller = {
        role: principal.role as PluginCaller['role'],
        subject: principal.subject,
        memberId: principal.memberId ?? null,
        scopes: principal.scopes ?? [],
        assertMayActFor(memberId) {
          if (principal.role === 'partner') {
            throw new ForbiddenError('A partner API key may not act for a member here');
          }
          assertCanAccessMember(principal, memberId);
        },
      };
      return Object.assign(host.context(active, request.requestId ?? randomUUID()), { caller });
    },
  };
}
