import 'reflect-metadata';
import { loadConfig } from './src/config/config';
import { coreEntities, coreMigrations } from './src/core';
import { createDataSource } from './src/data/data-source';
import { withServerScheme } from './src/data/server-scheme';

/**
 * The DataSource for the TypeORM CLI (compiled first: `npm run migration:run`, `migration:generate`).
 * Same URL rules as the server: DATABASE_URL, or the embedded SQLite file under ./data/; a `mysql://`
 * URL reaching MariaDB gets TypeORM's MariaDB dialect, as the server does (the CLI awaits a promise).
 */
export default withServerScheme(loadConfig().databaseUrl).then((url) =>
  createDataSource({ url, entities: coreEntities, migrations: coreMigrations }),
);
