import { createHash, randomBytes } from 'node:crypto';
import type { Principal } from '../auth/principal';
import { BadUserInputError, ConflictError, NotFoundError, UnauthenticatedError } from '../common/errors';
import type { RequestContext } from '../common/request-context';
import type { Core } from '../core';
import type { Database } from '../data/database';
import type { PartnerApiKey } from './partner-api-key.entity';
import type { PluginHost } from './plugin-host';
import type { PluginsRepository } from './plugins.repository';
import { clock } from '../common/clock';

const KEY_PREFIX = 'lpk_';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * Partners' API keys: issued per installed plugin with scopes inside the plugin's permissions, shown
 * once, stored as a SHA-256 hash, revocable, last use recorded. A key works only while its plugin is
 * installed and enabled; it authenticates as a `partner` principal (see src/auth/partner-scopes.ts).
 */
export class PartnerApiKeysService {
  constructor(
    private readonly db: Database,
    private readonly core: Core,
    private readonly host: PluginHost,
    private readonly repository: PluginsRepository,
  ) {}

  async issue(
    ctx: RequestContext,
    plugin: string,
    label: string,
    scopes: string[],
  ): Promise<{ key: string; apiKey: PartnerApiKey }> {
    const definition = this.host.definition(plugin);
    if (!(await this.host.installations()).has(plugin))
      throw new ConflictError(`Plugin ${plugin} is not installed`);
    const outside = scopes.filter((scope) => !(definition.permissions as string[]).includes(scope));
    if (outside.length || scopes.length === 0) {
      throw BadUserInputError.field(
        'scopes',
        scopes.length === 0
          ? 'Give at least one scope'
          : `Scopes must be among plugin ${plugin}'s permissions (${definition.permissions.join(', ')}); not: ${outside.join(', ')}`,
      );
    }
    const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const id = await this.db.transaction(async (manager) => {
      const id = await this.repository.insertApiKey(manager, {
        plugin,
        label,
        prefix: key.slice(0, 12),
        keyHash: hashApiKey(key),
        scopesJson: JSON.stringify([...new Set(scopes)].sort()),
        createdBy: ctx.principal?.subject ?? 'unknown',
        createdAt: clock.now(),
        revokedAt: null,
        lastUsedAt: null,
      });
      await this.core.services.audit.record(ctx, manager, {
        action: 'partner-api-key.issue',
        targetType: 'partner-api-key',
        targetId: id,
        after: { plugin, label, scopes, prefix: key.slice(0, 12) },
      });
      return id;
    });
    return { key, apiKey: (await this.repository.apiKey(this.db.manager, id))! };
  }

  async revoke(ctx: RequestContext, id: number): Promise<PartnerApiKey> {
    return this.db.transaction(async (manager) => {
      const existing = await this.repository.apiKey(manager, id);
      if (!existing) throw new NotFoundError('Partner API key', id);
      if (!(await this.repository.revokeApiKey(manager, id))) {
        throw new ConflictError(`Partner API key ${id} is already revoked`);
      }
      await this.core.services.audit.record(ctx, manager, {
        action: 'partner-api-key.revoke',
        targetType: 'partner-api-key',
        targetId: id,
        before: { plugin: existing.plugin, label: existing.label },
      });
      return (await this.repository.apiKey(manager, id))!;
    });
  }

  list(plugin: string | null): Promise<PartnerApiKey[]> {
    return this.repository.apiKeysOf(this.db.manager, plugin);
  }

  /** The principal for an `X-Api-Key` header: a wrong, revoked or disabled-plugin key is UNAUTHENTICATED. */
  async authenticate(key: string): Promise<Principal> {
    const row = key.startsWith(KEY_PREFIX)
      ? await this.repository.apiKeyByHash(this.db.manager, hashApiKey(key))
      : null;
    if (!row || row.revokedAt) throw new UnauthenticatedError('The API key is invalid or revoked');
    if (!(await this.host.active(row.plugin))) {
      throw new UnauthenticatedError(`The API key's plugin ${row.plugin} is not enabled`);
    }
    await this.db.transaction((manager) => this.repository.touchApiKey(manager, row.id, clock.now()));
    return {
      role: 'partner',
      subject: `api-key:${row.id}`,
      plugin: row.plugin,
      scopes: JSON.parse(row.scopesJson) as string[],
    };
  }
}
