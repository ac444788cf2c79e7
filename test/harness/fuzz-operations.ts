import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import type { FuzzRandom } from './fuzz-random';
import { anyJson, hostileId, hostileNumber, hostileString } from './fuzz-values';

export type RootKind = 'query' | 'mutation' | 'subscription';

export interface FuzzOperation {
  kind: RootKind;
  field: string;
  query: string;
  variables: Record<string, unknown>;
}

/**
 * Operations generated from the schema the server serves: every root field of Query, Mutation and
 * Subscription, with random and hostile argument values (as variables or inline literals) and a random
 * selection below. A field added to the API is fuzzed without touching the tests.
 */
export class OperationGenerator {
  private readonly roots: { kind: RootKind; field: GraphQLField<unknown, unknown> }[];

  constructor(
    schema: GraphQLSchema,
    private readonly random: FuzzRandom,
  ) {
    const fieldsOf = (kind: RootKind) => {
      const type =
        kind === 'query'
          ? schema.getQueryType()
          : kind === 'mutation'
            ? schema.getMutationType()
            : schema.getSubscriptionType();
      return Object.values(type?.getFields() ?? {}).map((field) => ({ kind, field }));
    };
    this.roots = [...fieldsOf('query'), ...fieldsOf('mutation'), ...fieldsOf('subscription')];
  }

  /** Every root field, so a run can cover each one at least once before random picks. */
  get rootCount(): number {
    return this.roots.length;
  }

  operation(kinds: RootKind[] = ['query', 'mutation', 'subscription'], index?: number): FuzzOperation {
    const candidates = this.roots.filter((root) => kinds.includes(root.kind));
    const { kind, field } =
      index === undefined ? this.random.pick(candidates) : candidates[index % candidates.length];
    const variables: Record<string, unknown> = {};
    const declarations: string[] = [];
    const args = this.arguments(field.args, 0, (arg, value) => {
      const name = `v${declarations.length}`;
      declarations.push(`$${name}: ${arg.type.toString()}`);
      variables[name] = value;
      return `$${name}`;
    });
    const header = declarations.length ? `(${declarations.join(', ')})` : '';
    const selection = this.selection(getNamedType(field.type), 0);
    return {
      kind,
      field: field.name,
      query: `${kind} Fuzz${header} { ${field.name}${args}${selection} }`,
      variables,
    };
  }

  /** `(a: ..., b: $v0)` or '' ; `asVariable` (root level only) turns a value into a variable reference. */
  private arguments(
    args: readonly GraphQLArgument[],
    depth: number,
    asVariable?: (arg: GraphQLArgument, value: unknown) => string,
  ): string {
    const parts: string[] = [];
    for (const arg of args) {
      const required = isNonNullType(arg.type);
      if (!required && this.random.chance(depth === 0 ? 0.3 : 0.7)) continue;
      if (required && this.random.chance(0.02)) continue; // a missing required argument
      const value = this.value(arg.type, 0);
      const text =
        asVariable && this.random.chance(0.5) ? asVariable(arg, value) : printLiteral(value, arg.type);
      parts.push(`${arg.name}: ${text}`);
    }
    if (this.random.chance(0.02)) parts.push(`unknownArgument: 1`);
    return parts.length ? `(${parts.join(', ')})` : '';
  }

  private selection(type: GraphQLNamedType, depth: number): string {
    if (isLeafType(type)) return '';
    if (isUnionType(type)) {
      const members = this.random.some(type.getTypes(), 3);
      return ` { __typename ${members.map((member) => `... on ${member.name}${this.selection(member, depth + 1)}`).join(' ')} }`;
    }
    if (!isObjectType(type) && !isInterfaceType(type)) return '';
    const fields = Object.values(type.getFields());
    const leaves = fields.filter((field) => isLeafType(getNamedType(field.type)));
    const nested = fields.filter((field) => !isLeafType(getNamedType(field.type)));
    const picked = [...this.random.some(leaves.length ? leaves : fields, 4)];
    if (depth < 3 && nested.length && this.random.chance(0.6)) picked.push(...this.random.some(nested, 2));
    const parts = new Set(['__typename']);
    for (const field of picked) {
      const needed = field.args.some((arg) => isNonNullType(arg.type));
      if (needed && depth >= 3) continue;
      const args = field.args.length ? this.arguments(field.args, depth + 1) : '';
      const below = this.selection(getNamedType(field.type), depth + 1);
      if (!isLeafType(getNamedType(field.type)) && below === '') continue;
      parts.add(`${field.name}${args}${below}`);
    }
    return ` { ${[...parts].join(' ')} }`;
  }

  /** A value meant for `type`, sometimes of the wrong kind. */
  value(type: GraphQLInputType, depth: number): unknown {
    const random = this.random;
    if (random.chance(0.04)) return anyJson(random);
    if (isNonNullType(type)) return random.chance(0.02) ? null : this.value(type.ofType, depth);
    if (random.chance(0.08)) return null;
    if (isListType(type)) {
      if (random.chance(0.05)) return Array.from({ length: 500 }, () => this.value(type.ofType, depth + 1));
      if (random.chance(0.1)) return this.value(type.ofType, depth + 1); // a lone item is coerced to a list
      return Array.from({ length: random.int(0, 3) }, () => this.value(type.ofType, depth + 1));
    }
    if (isEnumType(type)) {
      return random.chance(0.85) ? random.pick(type.getValues()).name : hostileString(random);
    }
    if (isInputObjectType(type)) {
      if (depth > 4) return {};
      const entries: [string, unknown][] = [];
      for (const field of Object.values(type.getFields())) {
        if (!isNonNullType(field.type) && random.chance(0.5)) continue;
        entries.push([field.name, this.value(field.type, depth + 1)]);
      }
      if (random.chance(0.03)) entries.push(['notAField', 1]);
      return Object.fromEntries(entries);
    }
    switch (type.name) {
      case 'ID':
        return hostileId(random);
      case 'Int':
      case 'SafeInt':
        return random.chance(0.6) ? random.int(-2, 120) : hostileNumber(random);
      case 'Float':
        return hostileNumber(random);
      case 'Boolean':
        return random.chance(0.5);
      case 'DateTimeISO':
        return random.chance(0.6)
          ? new Date(Date.UTC(2024, random.int(0, 30), 1)).toISOString()
          : hostileString(random);
      case 'JSON':
      case 'JSONObject':
        return { note: hostileString(random), nested: anyJson(random) };
      default:
        return hostileString(random);
    }
  }
}

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/**
 * The value as a GraphQL literal: enum values bare, strings and numbers as JSON writes them. Very deep
 * values are cut (the parser's token limit refuses them anyway; deep variables test that path).
 */
export function printLiteral(value: unknown, type: GraphQLInputType | undefined, depth = 0): string {
  if (depth > 100) return 'null';
  const named = type ? getNamedType(type) : undefined;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string')
    return named && isEnumType(named) && NAME.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '0';
  if (typeof value === 'boolean') return String(value);
  const inner = type && isNonNullType(type) ? type.ofType : type;
  if (Array.isArray(value)) {
    const item = inner && isListType(inner) ? inner.ofType : undefined;
    return `[${value.map((entry) => printLiteral(entry, item, depth + 1)).join(', ')}]`;
  }
  const fields = named && isInputObjectType(named) ? named.getFields() : {};
  const entries = Object.entries(value as Record<string, unknown>).filter(([key]) => NAME.test(key));
  return `{${entries.map(([key, entry]) => `${key}: ${printLiteral(entry, fields[key]?.type, depth + 1)}`).join(', ')}}`;
}
