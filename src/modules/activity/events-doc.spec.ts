import fs from 'node:fs';
import path from 'node:path';
import { renderEventsDoc } from './events-doc';
import { ACTIVITY_EVENT_TYPES } from './events';

describe('docs/events.md', () => {
  it('is what the event catalogue renders (run `npm run events:emit` after changing the catalogue)', () => {
    const committed = fs.readFileSync(path.resolve(__dirname, '../../../docs/events.md'), 'utf8');
    expect(committed).toBe(renderEventsDoc());
  });

  it('lists every event type of the catalogue, including tier.changed with reason MANUAL', () => {
    const doc = renderEventsDoc();
    for (const type of ACTIVITY_EVENT_TYPES) expect(doc).toContain(`| \`${type}\` |`);
    expect(doc).toMatch(/`tier.changed`.*MANUAL \(staff assigned it with `assignTier`\)/);
  });
});
