import fs from 'node:fs';
import path from 'node:path';
import { buildContractSchema } from '../src/graphql/contract-schema';

describe('the committed GraphQL contract', () => {
  it('is exactly the schema the code builds (run `npm run schema:emit` and commit after a deliberate change)', async () => {
    const committed = fs.readFileSync(path.join(__dirname, '..', 'schema', 'schema.graphql'), 'utf8');
    expect(await buildContractSchema()).toBe(committed);
  });
});
