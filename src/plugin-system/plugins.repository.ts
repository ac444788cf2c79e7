import { In, IsNull, type EntityManager } from 'typeorm';
import { PartnerApiKey } from './partner-api-key.entity';
import { PluginEventCursor, PluginInstallation, PluginMigrationRecord } from './plugin-installation.entity';
import { clock } from '../common/clock';

/** SQL for the host's installation, migration, event-cursor and API key tables. */
export class PluginsRepository {
  installations(manager: EntityManager): Promise<PluginInstallation[]> {
    return manager.find(PluginInstallation, { order: { name: 'ASC' } });
  }

  installation(manager: EntityManager, name: string): Promise<PluginInstallation | null> {
    return manager.findOneBy(PluginInstallation, { name });
  }

  async insertInstallation(manager: EntityManager, row: PluginInstallation): Promise<void> {
    await manager.insert(PluginInstallation, row);
  }

  async updateInstallation(
    manager: EntityManager,
    name: string,
    changes: Partial<PluginInstallation>,
  ): Promise<void> {
    await manager.update(PluginInstallation, { name }, { ...changes, updatedAt: clock.now() });
  }

  async deleteInstallation(manager: EntityManager, name: string): Promise<void> {
    await manager.delete(PluginInstallation, { name });
  }

  async appliedMigrations(manager: EntityManager, names: string[]): Promise<Set<string>> {
    if (names.length === 0) return new Set();
    const rows = await manager.findBy(PluginMigrationRecord, { name: In(names) });
    return new Set(rows.map((row) => row.name));
  }

  async recordMigration(manager: EntityManager, plugin: string, name: string): Promise<void> {
    await manager.insert(PluginMigrationRecord, { name, plugin, appliedAt: clock.now() });
  }

  async forgetMigration(manager: EntityManager, name: string): Promise<void> {
    await manager.delete(PluginMigrationRecord, { name });
  }

  async cursor(manager: EntityManager, plugin: string): Promise<number | null> {
    const row = await manager.findOneBy(PluginEventCursor, { plugin });
    return row ? row.lastEventId : null;
  }

  async saveCursor(
    manager: EntityManager,
    plugin: string,
    lastEventId: number,
    exists: boolean,
  ): Promise<void> {
    if (exists) await manager.update(PluginEventCursor, { plugin }, { lastEventId, updatedAt: clock.now() });
    else await manager.insert(PluginEventCursor, { plugin, lastEventId, updatedAt: clock.now() });
  }

  async deleteCursor(manager: EntityManager, plugin: string): Promise<void> {
    await manager.delete(PluginEventCursor, { plugin });
  }

  async insertApiKey(manager: EntityManager, row: Omit<PartnerApiKey, 'id' | 'scopes'>): Promise<number> {
    const result = await manager.insert(PartnerApiKey, row);
    return result.identifiers[0].id as number;
  }

  apiKey(manager: EntityManager, id: number): Promise<PartnerApiKey | null> {
    return manager.findOneBy(PartnerApiKey, { id });
  }

  apiKeyByHash(manager: EntityManager, keyHash: string): Promise<PartnerApiKey | null> {
    return manager.findOneBy(PartnerApiKey, { keyHash });
  }

  apiKeysOf(manager: EntityManager, plugin: string | null): Promise<PartnerApiKey[]> {
    return manager.find(PartnerApiKey, { where: plugin ? { plugin } : {}, order: { id: 'ASC' } });
  }

  /** Conditional, so revoking twice changes nothing and reports it. */
  async revokeApiKey(manager: EntityManager, id: number): Promise<boolean> {
    const result = await manager.update(
      PartnerApiKey,
      { id, revokedAt: IsNull() },
      { revokedAt: clock.now() },
    );
    return (result.affected ?? 0) > 0;
  }

  async revokeApiKeysOf(manager: EntityManager, plugin: string): Promise<void> {
    await manager.update(PartnerApiKey, { plugin, revokedAt: IsNull() }, { revokedAt: clock.now() });
  }

  /** At most one write a minute per key: busy partners would otherwise write on every request. */
  async touchApiKey(manager: EntityManager, id: number, now: Date): Promise<void> {
    const stale = new Date(now.getTime() - 60_000);
    await manager
      .createQueryBuilder()
      .update(PartnerApiKey)
      .set({ lastUsedAt: now })
      .where('id = :id AND (lastUsedAt IS NULL OR lastUsedAt < :stale)', { id, stale })
      .execute();
  }
}
