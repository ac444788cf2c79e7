import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import type { TestEnvironment } from './test-environment';

/**
 * The schema the running server answers with (introspected over HTTP, plugins included), so tests
 * that walk every operation cover what clients can really call, not only the committed contract.
 */
export async function servedSchema(env: TestEnvironment): Promise<GraphQLSchema> {
  const response = await env.gql<IntrospectionQuery>(getIntrospectionQuery(), {}, await env.adminToken());
  if (!response.data) throw new Error(`Introspection failed: ${JSON.stringify(response.errors)}`);
  return buildClientSchema(response.data);
}

export function rootFields(
  schema: GraphQLSchema,
  root: 'Query' | 'Mutation',
): GraphQLField<unknown, unknown>[] {
  const type = root === 'Query' ? schema.getQueryType() : schema.getMutationType();
  return Object.values(type?.getFields() ?? {});
}

/** Values for custom scalars; a new one fails loudly so that the walk never sends a silent guess. */
const SCALAR_SAMPLES: Record<string, unknown> = {
  ID: '1',
  String: 'sample-value',
  Int: 1,
  Float: 1,
  Boolean: false,
  DateTime: '2024-01-01T00:00:00.000Z',
  Date: '2024-01-01',
};

/** A value of `type` that passes GraphQL validation: required fields only, lists empty. */
export function sampleValue(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType);
  if (isListType(type)) return [];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isScalarType(type)) {
    if (!(type.name in SCALAR_SAMPLES)) throw new Error(`No sample value for scalar ${type.name}`);
    return SCALAR_SAMPLES[type.name];
  }
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) && field.defaultValue === undefined)
        value[field.name] = sampleValue(field.type);
    }
    return value;
  }
  throw new Error(`No sample value for ${String(type)}`);
}

/**
 * One operation calling `field` with every argument as a variable: `values` wins, required arguments
 * without a value get a sample, optional ones are left out.
 */
export function operationFor(
  root: 'Query' | 'Mutation',
  field: GraphQLField<unknown, unknown>,
  values: Record<string, unknown>,
): { query: string; variables: Record<string, unknown> } {
  const variables: Record<string, unknown> = {};
  const declared: string[] = [];
  const passed: string[] = [];
  for (const arg of field.args) {
    const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
    if (!(arg.name in values) && !required) continue;
    variables[arg.name] = arg.name in values ? values[arg.name] : sampleValue(arg.type);
    declared.push(`$${arg.name}: ${String(arg.type)}`);
    passed.push(`${arg.name}: $${arg.name}`);
  }
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  const head = declared.length ? `(${declared.join(', ')})` : '';
  const call = passed.length ? `(${passed.join(', ')})` : '';
  return {
    query: `${root.toLowerCase()}${head} { ${field.name}${call}${selection} }`,
    variables,
  };
}
