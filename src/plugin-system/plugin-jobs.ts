import type { Job } from '../jobs/job';
import type { Database } from '../data/database';
import type { PublishedOutbox } from '../events/published-outbox';
import type { PluginHost } from './plugin-host';
import type { PluginsRepository } from './plugins.repository';

const EVENTS_PER_RUN = 200;
/** A handler failing this many times on one event gives up on it (recorded for admins) and moves on. */
export const MAX_EVENT_ATTEMPTS = 5;

/** Each plugin's scheduled jobs as `<plugin>:<job>`; a disabled plugin's job run does nothing. */
export function pluginJobs(host: PluginHost): Job[] {
  return host.definitions.flatMap((definition) =>
    (definition.jobs ?? []).map((job): Job => ({
      name: `${definition.name}:${job.name}`,
      description: `${job.description} (plugin ${definition.name})`,
      everySeconds: job.everySeconds,
      async run(now) {
        const active = await host.active(definition.name);
        if (!active) return { skippedDisabled: 1 };
        try {
          return await job.run(host.context(active, `job:${definition.name}:${job.name}`), now);
        } catch (error) {
          host.recordError(definition.name, `job ${job.name}: ${(error as Error).message}`);
          throw error;
        }
      },
    })),
  );
}

/**
 * Hands committed activity events to the plugins' event handlers, reading the outbox after a cursor
 * per plugin through the published horizon (the one reader subscriptions and outbound webhooks use, so
 * an id committed out of order on MySQL is never passed over, and nothing waits for events to "settle"):
 * at least once (a handler that fails is called again with the same event next run, and the plugin's
 * later events wait behind it, up to MAX_EVENT_ATTEMPTS: then the event is parked as a recorded error
 * and the plugin moves on). A plugin's first run starts at the current horizon: enabling a plugin does
 * not replay history. Attempts are counted in this process.
 */
export function pluginEventsJob(
  db: Database,
  host: PluginHost,
  repository: PluginsRepository,
  outbox: PublishedOutbox,
): Job {
  const attempts = new Map<string, number>();
  return {
    name: 'plugins-dispatch-events',
    description: "Hands committed activity events to enabled plugins' event handlers",
    everySeconds: 2,
    async run() {
      let delivered = 0;
      let parked = 0;
      const plugins = (await host.activePlugins()).filter(
        (plugin) => Object.keys(plugin.definition.events ?? {}).length > 0,
      );
      if (plugins.length === 0) return { eventsDelivered: 0, eventsParked: 0 };
      const horizon = await outbox.catchUp();
      for (const plugin of plugins) {
        const handlers = plugin.definition.events ?? {};
        const name = plugin.definition.name;
        const stored = await repository.cursor(db.manager, name);
        let cursor = stored ?? horizon;
        if (stored === null) await db.transaction((m) => repository.saveCursor(m, name, cursor, false));
        for (const event of await outbox.readAfter(cursor, EVENTS_PER_RUN)) {
          const handler = handlers[event.type];
          if (handler) {
            const ok = await host.guarded(name, `event handler ${event.type}`, async () => {
              await handler(host.context(plugin, `event:${name}:${event.id}`), {
                id: event.id,
                type: event.type,
                memberId: event.memberId,
                channel: event.channel,
                payload: JSON.parse(event.payloadJson) as Record<string, unknown>,
                occurredAt: event.occurredAt,
              });
              return true;
            });
            const key = `${name}:${event.id}`;
            if (!ok) {
              const failures = (attempts.get(key) ?? 0) + 1;
              attempts.set(key, failures);
              if (failures < MAX_EVENT_ATTEMPTS) break;
              host.recordError(
                name,
                `event ${event.id} (${event.type}) parked after ${failures} failed attempts`,
              );
              parked++;
            } else delivered++;
            attempts.delete(key);
          }
          cursor = event.id;
          await db.transaction((m) => repository.saveCursor(m, name, cursor, true));
        }
      }
      return { eventsDelivered: delivered, eventsParked: parked };
    },
  };
}
