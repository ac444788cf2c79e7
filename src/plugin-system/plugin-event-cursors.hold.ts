import type { EntityManager } from 'typeorm';

/**
 * How far the slowest installed plugin's event handlers have read the outbox: activity retention keeps
 * every event after it. A disabled plugin counts too (enabling it again resumes from its cursor), so a
 * plugin left disabled holds the outbox back: uninstall it to release it.
 */
export async function slowestPluginEventCursor(manager: EntityManager): Promise<number | null> {
  const rows = (await manager.query(
    'SELECT MIN(c.lastEventId) AS lowest FROM plugin_event_cursor c INNER JOIN plugin_installation i ON i.name = c.plugin',
  )) as { lowest: number | string | null }[];
  const lowest = rows[0]?.lowest;
  return lowest === null || lowest === undefined ? null : Number(lowest);
}
