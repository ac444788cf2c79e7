import { DataSource, Table, TableCheck, TableIndex } from 'typeorm';
import { matchSqliteColumnsToEntities } from './sqlite-column-types';

describe('matchSqliteColumnsToEntities', () => {
  let dataSource: DataSource;

  beforeEach(async () => {
    dataSource = new DataSource({ type: 'better-sqlite3', database: ':memory:' });
    await dataSource.initialize();
    const runner = dataSource.createQueryRunner();
    await runner.createTable(
      new Table({
        name: 'account',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'balance', type: 'int', default: 0 },
          { name: 'active', type: 'boolean', default: true },
          { name: 'label', type: 'varchar', length: '20', isNullable: true },
        ],
        indices: [new TableIndex({ name: 'IDX_account_balance', columnNames: ['balance'] })],
        checks: [new TableCheck({ name: 'CHK_account_balance', expression: '"balance" >= 0' })],
      }),
    );
    await runner.release();
    for (let i = 0; i < 3; i++) await dataSource.query(`INSERT INTO account (balance, label) VALUES (?, ?)`, [i, `a${i}`]);
    // The newest row is gone: its id must still never be handed out again.
    await dataSource.query(`DELETE FROM account WHERE id = 3`);
  });
  afterEach(() => dataSource.destroy());

  const rewrite = async () => {
    const runner = dataSource.createQueryRunner();
    await matchSqliteColumnsToEntities(runner, ['account']);
    const table = await runner.getTable('account');
    await runner.release();
    return table!;
  };

  it('writes int columns as integer and false/true defaults as 0/1, as TypeORM describes entities', async () => {
    const table = await rewrite();
    expect(table.findColumnByName('balance')).toMatchObject({ type: 'integer', default: '0' });
    expect(table.findColumnByName('active')).toMatchObject({ default: '1' });
    expect(table.findColumnByName('label')).toMatchObject({ type: 'varchar', length: '20', isNullable: true });
  });

  it('keeps the rows, the indexes, the checks and the AUTOINCREMENT counter', async () => {
    const table = await rewrite();
    expect(await dataSource.query(`SELECT id, balance, label FROM account ORDER BY id`)).toEqual([
      { id: 1, balance: 0, label: 'a0' },
      { id: 2, balance: 1, label: 'a1' },
    ]);
    expect(table.indices.map((index) => index.name)).toEqual(['IDX_account_balance']);
    expect(table.checks.map((check) => check.name)).toEqual(['CHK_account_balance']);
    await expect(dataSource.query(`INSERT INTO account (balance) VALUES (-1)`)).rejects.toThrow(/CHECK/);
    await dataSource.query(`INSERT INTO account (balance) VALUES (5)`);
    expect(await dataSource.query(`SELECT MAX(id) AS id FROM account`)).toEqual([{ id: 4 }]);
  });

  it('leaves a table that already matches untouched', async () => {
    await rewrite();
    const before = (await dataSource.query(`SELECT sql FROM sqlite_master WHERE name = 'account'`)) as unknown;
    await rewrite();
    expect(await dataSource.query(`SELECT sql FROM sqlite_master WHERE name = 'account'`)).toEqual(before);
  });
});
