import { ConfigError } from '../src/config/config';
import { coreEntities, coreMigrations } from '../src/core';
import { createDataSource, databaseKindOf } from '../src/data/data-source';
import { Database } from '../src/data/database';

/** Where the data goes, for messages: never prints a password. */
export function describeDatabase(url: string): string {
  if (databaseKindOf(url) === 'sqlite') return `SQLite ${url.slice('sqlite:'.length)}`;
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return `MySQL/MariaDB ${parsed.toString()}`;
  } catch {
    return 'MySQL/MariaDB';
  }
}

/** One readable line for any failure, including driver errors whose message is empty (ECONNREFUSED...). */
export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0 && !error.message) {
    return error.errors.map(describeError).join('; ');
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const message = error.message || String(code ?? error.name);
    return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
  }
  return String(error);
}

/**
 * Runs a command-line entry point: a configuration problem exits with 78 (EX_CONFIG) and its list of
 * problems, any other failure with 1 and one line (the stack trace too when DEBUG is set).
 */
export function runCli(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(`${name}: ${error.message}`);
      process.exit(78);
    }
    console.error(`${name} failed: ${describeError(error)}`);
    if (process.env.DEBUG && error instanceof Error) console.error(error.stack);
    else console.error('(set DEBUG=1 for the stack trace)');
    process.exit(1);
  });
}

/**
 * Opens the configured database for a command-line tool and brings its schema up to date, exactly as
 * the server does at start-up; the caller destroys `db.dataSource` when done.
 */
export async function openMigratedDatabase(url: string): Promise<{ db: Database; migrations: string[] }> {
  const dataSource = createDataSource({ url, entities: coreEntities, migrations: coreMigrations });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return { db: new Database(dataSource), migrations: applied.map((migration) => migration.name) };
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}
