import { QueryFailedError } from 'typeorm';
import { redactQuotedValues, serializeErrorForLog, sqlShape } from './log-redaction';

const EMAIL = 'ada@example.com';
const INSERT = 'INSERT INTO `member`(`email`, `firstName`) VALUES (?, ?)';

/** What mysql2 and TypeORM throw on a duplicate email: the value is in the message, the SQL and the parameters. */
function mysqlDuplicate(): QueryFailedError {
  const driverError = Object.assign(new Error(`Duplicate entry '${EMAIL}' for key 'UQ_member_email'`), {
    code: 'ER_DUP_ENTRY',
    errno: 1062,
    sqlState: '23000',
    sqlMessage: `Duplicate entry '${EMAIL}' for key 'UQ_member_email'`,
    sql: `INSERT INTO \`member\`(\`email\`, \`firstName\`) VALUES ('${EMAIL}', 'Adelheidx')`,
  });
  return new QueryFailedError(INSERT, [EMAIL, 'Adelheidx'], driverError);
}

describe('what errors and SQL leave in the logs', () => {
  it('keeps the code, the key name and the statement shape of a duplicate entry, not the value', () => {
    const logged = serializeErrorForLog(mysqlDuplicate()) as Record<string, unknown>;
    expect(JSON.stringify(logged)).not.toContain(EMAIL);
    expect(JSON.stringify(logged)).not.toContain('Adelheidx');
    expect(logged).toMatchObject({
      type: 'QueryFailedError',
      code: 'ER_DUP_ENTRY',
      sql: INSERT,
      message: "Duplicate entry '[redacted]' for key 'UQ_member_email'",
      cause: { errno: 1062, sqlState: '23000' },
    });
  });

  it('redacts values quoted in other database messages but keeps column names', () => {
    expect(
      redactQuotedValues("Incorrect datetime value: '0001-01-01' for column 'purchasedAt' at row 1"),
    ).toBe("Incorrect datetime value: '[redacted]' for column 'purchasedAt' at row 1");
  });

  it('replaces string literals written into a statement', () => {
    expect(sqlShape("SELECT * FROM `member` WHERE `email` = 'it''s@example.com' AND `id` = ?")).toBe(
      "SELECT * FROM `member` WHERE `email` = '?' AND `id` = ?",
    );
  });

  it('redacts an error given as a bare string', () => {
    expect(serializeErrorForLog(`Duplicate entry '${EMAIL}' for key 'UQ_member_email'`)).not.toContain(EMAIL);
  });
});
