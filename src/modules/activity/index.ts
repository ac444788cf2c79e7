import { ActivityEvent } from './activity-event.entity';
import { ActivityService } from './activity.service';

export { ActivityEvent, ActivityService };
export const activityEntities = [ActivityEvent];

export function createActivityModule() {
  return { service: new ActivityService(), resolvers: [] as object[] };
}
