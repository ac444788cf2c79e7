import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

const int = (name: string, extra = {}) => ({ name, type: 'int', ...extra });
const varchar = (name: string, length: number, isNullable = false) => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable,
});
const datetime = (name: string) => ({ name, type: 'datetime', precision: 3 });

export class PartnerExchange1764000006200 implements MigrationInterface {
  name = 'PartnerExchange1764000006200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'partner_exchange_transfer',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          varchar('direction', 3),
          varchar('partnerCode', 32),
          int('memberId'),
          varchar('externalId', 191),
          varchar('partnerMemberId', 100, true),
          int('ourPoints'),
          int('partnerPoints'),
          varchar('status', 16),
          int('holdId', { isNullable: true }),
          varchar('partnerReference', 191, true),
          int('calls', { default: 0 }),
          varchar('lastError', 500, true),
          datetime('createdAt'),
          datetime('updatedAt'),
        ],
        indices: [
          {
            name: 'UQ_partner_exchange_transfer_external',
            columnNames: ['partnerCode', 'direction', 'externalId'],
            isUnique: true,
          },
          {
            name: 'IDX_partner_exchange_transfer_member',
            columnNames: ['memberId', 'partnerCode', 'direction', 'createdAt'],
          },
          { name: 'IDX_partner_exchange_transfer_status', columnNames: ['status', 'updatedAt'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('partner_exchange_transfer');
  }
}
