import type { MigrationInterface, QueryRunner } from 'typeorm';
import { matchSqliteColumnsToEntities } from '@loyalty-bff/plugin-sdk';

/** SQLite only: `int` columns become `integer`, as the entity says (see the core's matching migration). */
export class StripePointsSqliteColumns1764000006101 implements MigrationInterface {
  name = 'StripePointsSqliteColumns1764000006101';

  async up(queryRunner: QueryRunner): Promise<void> {
    await matchSqliteColumnsToEntities(queryRunner, ['stripe_points_payment']);
  }

  /** Nothing to undo: `int` and `integer` are the same to SQLite. */
  async down(): Promise<void> {}
}
