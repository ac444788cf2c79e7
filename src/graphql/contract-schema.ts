import { createCore } from '../core';
import { createDataSource } from '../data/data-source';
import { Database } from '../data/database';
import { buildGraphQLSchema, printContractSchema } from './schema';

/**
 * The SDL the code defines, without connecting to anything: the modules are wired over a DataSource
 * that is never initialised, which is enough to build the schema.
 */
export async function buildContractSchema(): Promise<string> {
  const idle = new Database(createDataSource({ url: 'sqlite::memory:', entities: [], migrations: [] }));
  return printContractSchema(await buildGraphQLSchema(createCore(idle).resolvers));
}
