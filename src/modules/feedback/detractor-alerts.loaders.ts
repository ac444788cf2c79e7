import DataLoader from 'dataloader';
import type { Database } from '../../data/database';
import type { DetractorAlertNote } from './detractor-alert-note.entity';
import { DetractorAlertsRepository } from './detractor-alerts.repository';
import { FeedbackRepository } from './feedback.repository';
import type { FeedbackResponse } from './feedback-response.entity';

/** One statement for the notes, and one for the answers, of every alert a page reaches. */
export function createDetractorAlertLoaders(db: Database) {
  const alerts = new DetractorAlertsRepository();
  const feedback = new FeedbackRepository(db);
  return {
    notesByAlert: new DataLoader<number, DetractorAlertNote[]>(async (ids) => {
      const notes = await alerts.notesOf(db.manager, ids);
      return ids.map((id) => notes.filter((n) => n.alertId === id));
    }),
    responseById: new DataLoader<number, FeedbackResponse | null>(async (ids) => {
      const rows = await feedback.responsesByIds(db.manager, ids);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
