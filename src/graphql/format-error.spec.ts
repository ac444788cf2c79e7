import { GraphQLError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import type { ValidationError } from 'class-validator';
import { flattenValidationErrors, formatError } from './format-error';

/** What graphql-js hands Apollo when a resolver throws: the thrown error, located at a field. */
function resolverFailure(thrown: Error): {
  formatted: ReturnType<GraphQLError['toJSON']>;
  error: GraphQLError;
} {
  const error = new GraphQLError(thrown.message, { path: ['members'], originalError: thrown });
  const formatted = { ...error.toJSON(), extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  return { formatted, error };
}

describe('formatting errors of an unavailable database', () => {
  it('answers SERVICE_UNAVAILABLE, without the SQL, when a statement fails because the database is unreachable', () => {
    const driverError = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:3306'), {
      code: 'ECONNREFUSED',
    });
    const { formatted, error } = resolverFailure(
      new QueryFailedError('SELECT * FROM member WHERE email = ?', ['a@b.c'], driverError),
    );
    const result = formatError(formatted, error, { exposeDetails: false });
    expect(result.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });
    expect(result.path).toEqual(['members']);
    expect(result.message).not.toMatch(/SELECT|ECONNREFUSED|10\.0\.0\.5/);
  });

  it('keeps other database failures INTERNAL_SERVER_ERROR: a retry would not help', () => {
    const driverError = Object.assign(new Error('You have an error in your SQL syntax'), {
      code: 'ER_PARSE_ERROR',
    });
    const { formatted, error } = resolverFailure(new QueryFailedError('SELEC 1', [], driverError));
    expect(formatError(formatted, error, { exposeDetails: false }).extensions).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
    });
  });
});

describe('flattening validation errors', () => {
  it('names every failing field, nested ones with their path', () => {
    const problems = flattenValidationErrors([
      { property: 'email', constraints: { isEmail: 'email must be an email' }, children: [] },
      {
        property: 'filter',
        children: [{ property: 'types', constraints: { isArray: 'types must be an array' }, children: [] }],
      },
    ]);
    expect(problems).toEqual([
      { field: 'email', messages: ['email must be an email'] },
      { field: 'filter.types', messages: ['types must be an array'] },
    ]);
  });

  it('answers no field, rather than failing, when what class-validator threw is not a list', () => {
    const lone = { property: 'filter', constraints: { isObject: 'filter must be an object' } };
    expect(flattenValidationErrors(lone as unknown as ValidationError[])).toEqual([]);
  });
});
