import { QueryFailedError } from 'typeorm';
import { GraphQLError } from 'graphql';
import { isConnectionFailure, isDatabaseUnavailable, isUniqueViolation, POOL_ACQUIRE_TIMEOUT } from './database-errors';

const driverError = (fields: Record<string, unknown>) => Object.assign(new Error('driver'), fields);
const failedQuery = (fields: Record<string, unknown>) =>
  new QueryFailedError('SELECT 1', [], driverError(fields));

describe('database error classification', () => {
  it.each([
    ['a refused connection', { code: 'ECONNREFUSED' }],
    ['a reset connection', { code: 'ECONNRESET' }],
    ['a connection the server closed', { code: 'PROTOCOL_CONNECTION_LOST', fatal: true }],
    ['a connect timeout', { code: 'ETIMEDOUT' }],
    ['a statement timeout', { code: 'PROTOCOL_SEQUENCE_TIMEOUT' }],
  ])('treats %s as a connection failure and the database as unavailable', (_label, fields) => {
    expect(isConnectionFailure(failedQuery(fields))).toBe(true);
    expect(isDatabaseUnavailable(failedQuery(fields))).toBe(true);
  });

  it('recognises a command refused on an already failed mysql2 connection, which carries no code', () => {
    const error = driverError({ fatal: true, message: "Can't add new command when connection is in closed state" });
    expect(isConnectionFailure(error)).toBe(true);
  });

  it.each([
    ['no pooled connection in time', { code: POOL_ACQUIRE_TIMEOUT }],
    ['too many connections', { code: 'ER_CON_COUNT_ERROR', errno: 1040 }],
    ['a lock wait timeout', { code: 'ER_LOCK_WAIT_TIMEOUT', errno: 1205 }],
    ['an SQLite file locked by another process', { code: 'SQLITE_BUSY' }],
    ['an SQLite snapshot conflict', { code: 'SQLITE_BUSY_SNAPSHOT' }],
  ])('treats %s as unavailable without blaming the connection', (_label, fields) => {
    expect(isDatabaseUnavailable(failedQuery(fields))).toBe(true);
    expect(isConnectionFailure(failedQuery(fields))).toBe(false);
  });

  it('finds the cause through GraphQL wrappers, including a thrown value that is not an Error', () => {
    const located = new GraphQLError('boom', { originalError: failedQuery({ code: 'ECONNRESET' }) });
    const nonError = Object.assign(new Error('Unexpected error value'), { thrownValue: { code: 'ECONNREFUSED' } });
    expect(isDatabaseUnavailable(located)).toBe(true);
    expect(isDatabaseUnavailable(nonError)).toBe(true);
  });

  it('leaves the caller’s and the code’s own errors alone: duplicates, syntax, deadlocks, plain bugs', () => {
    for (const error of [
      failedQuery({ code: 'ER_DUP_ENTRY', errno: 1062 }),
      failedQuery({ code: 'ER_PARSE_ERROR', errno: 1064 }),
      failedQuery({ code: 'ER_LOCK_DEADLOCK', errno: 1213 }),
      failedQuery({ code: 'SQLITE_CONSTRAINT_UNIQUE' }),
      new TypeError('undefined is not a function'),
      null,
      'a string',
    ]) {
      expect(isDatabaseUnavailable(error)).toBe(false);
    }
    expect(isUniqueViolation(failedQuery({ code: 'ER_DUP_ENTRY', errno: 1062 }))).toBe(true);
  });
});
