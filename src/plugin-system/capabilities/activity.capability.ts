import type { PluginContext } from '../plugin-definition';
import type { CapabilityScope } from './capability-scope';

/** `ctx.activity`: publish the plugin's own events (`<plugin>.<type>`) to the live feed (activity:publish). */
export function activityCapability({ name, services, db, need }: CapabilityScope): PluginContext['activity'] {
  return {
    async publish(event) {
      need('activity:publish');
      await db.transaction((manager) =>
        services.activity.recordPluginEvent(manager, {
          type: `${name}.${event.type}`,
          memberId: event.memberId,
          channel: name,
          summary: event.summary,
          payload: event.payload,
        }),
      );
    },
  };
}
