import fs from 'node:fs';
import path from 'node:path';
import { renderEventsDoc } from '../modules/activity';

/**
 * `npm run events:emit` writes docs/events.md from the event catalogue; `npm run events:check` fails
 * (exit 1) when the committed file differs, so the published list of events never drifts from the code.
 */
const DOC_FILE = path.resolve(__dirname, '../../../docs/events.md');

function run(mode: string): number {
  const doc = renderEventsDoc();
  if (mode === '--write') {
    fs.writeFileSync(DOC_FILE, doc);
    console.log(`wrote ${path.relative(process.cwd(), DOC_FILE)}`);
    return 0;
  }
  const committed = fs.existsSync(DOC_FILE) ? fs.readFileSync(DOC_FILE, 'utf8') : '';
  if (committed === doc) {
    console.log('docs/events.md matches the event catalogue');
    return 0;
  }
  console.error('docs/events.md differs from the event catalogue. Run `npm run events:emit` and commit it.');
  return 1;
}

process.exitCode = run(process.argv[2] ?? '--check');
