import type { MigrationInterface, QueryRunner } from 'typeorm';
import { matchSqliteColumnsToEntities } from '@loyalty-bff/plugin-sdk';

/** SQLite only: `int` columns become `integer`, as the entity says (see the core's matching migration). */
export class PartnerExchangeSqliteColumns1764000006201 implements MigrationInterface {
  name = 'PartnerExchangeSqliteColumns1764000006201';

  async up(queryRunner: QueryRunner): Promise<void> {
    await matchSqliteColumnsToEntities(queryRunner, ['partner_exchange_transfer']);
  }

  /** Nothing to undo: `int` and `integer` are the same to SQLite. */
  async down(): Promise<void> {}
}
