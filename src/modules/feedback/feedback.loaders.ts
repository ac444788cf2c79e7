import DataLoader from 'dataloader';
import type { Database } from '../../data/database';
import { FeedbackRepository } from './feedback.repository';
import type { Survey } from './survey.entity';

/** One statement for the surveys of every response a page reaches. */
export function createFeedbackLoaders(db: Database) {
  const repository = new FeedbackRepository(db);
  return {
    surveyById: new DataLoader<number, Survey | null>(async (ids) => {
      const byId = new Map((await repository.surveysByIds(db.manager, ids)).map((s) => [s.id, s]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
