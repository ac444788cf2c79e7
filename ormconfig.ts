import 'reflect-metadata';
import { loadConfig } from './src/config/config';
import { coreEntities, coreMigrations } from './src/core';
import { createDataSource } from './src/data/data-source';

/**
 * The DataSource for the TypeORM CLI (compiled first: `npm run migration:run`, `migration:generate`).
 * Same URL rules as the server: DATABASE_URL, or the embedded SQLite file under ./data/.
 */
export default createDataSource({
  url: loadConfig().databaseUrl,
  entities: coreEntities,
  migrations: coreMigrations,
});
