import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { buildContractSchema } from '../graphql/contract-schema';

/**
 * `npm run schema:emit` writes schema/schema.graphql from the code; `npm run schema:check` fails
 * (exit 1) when the committed file differs, so a contract change is always a deliberate commit.
 */
const SCHEMA_FILE = path.resolve(__dirname, '../../../schema/schema.graphql');

async function run(mode: string): Promise<number> {
  const sdl = await buildContractSchema();
  if (mode === '--write') {
    fs.mkdirSync(path.dirname(SCHEMA_FILE), { recursive: true });
    fs.writeFileSync(SCHEMA_FILE, sdl);
    console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
    return 0;
  }
  const committed = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, 'utf8') : '';
  if (committed === sdl) {
    console.log('schema/schema.graphql matches the code');
    return 0;
  }
  console.error('schema/schema.graphql differs from the schema the code builds. Run `npm run schema:emit`,');
  console.error('review the diff (it is the contract with front-end teams) and commit it.');
  return 1;
}

run(process.argv[2] ?? '--check').then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
