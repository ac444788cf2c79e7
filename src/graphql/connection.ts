import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import { IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { BadUserInputError } from '../common/errors';
import { MAX_ID } from '../common/ids';

/** Relay-style pagination shared by every list that can grow. */
@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field({ description: 'Always false: lists page forward only (first/after)' })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true })
  startCursor: string | null;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { defaultValue: DEFAULT_PAGE_SIZE, description: `1 to ${MAX_PAGE_SIZE}` })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = DEFAULT_PAGE_SIZE;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
}

/** Opaque cursors: base64url of `<kind>:<id>`, so clients cannot depend on their content. */
export function encodeCursor(kind: string, id: number): string {
  return Buffer.from(`${kind}:${id}`).toString('base64url');
}

export function decodeCursor(kind: string, cursor: string | null | undefined): number | null {
  if (cursor === null || cursor === undefined) return null;
  const [prefix, raw] = Buffer.from(cursor, 'base64url').toString('utf8').split(':');
  const id = Number(raw);
  if (prefix !== kind || !Number.isSafeInteger(id) || id < 0 || id > MAX_ID) {
    throw BadUserInputError.field('after', 'after is not a cursor of this list');
  }
  return id;
}

/**
 * Builds a page from rows fetched with `limit first + 1` ordered by id, so `hasNextPage` needs no count.
 */
export function toConnection<T extends { id: number }>(
  kind: string,
  rows: T[],
  first: number,
): Connection<T> {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: encodeCursor(kind, node.id), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/** Cost of a connection field for graphql-query-complexity: its children count once per requested node. */
export function connectionComplexity({
  args,
  childComplexity,
}: {
  args: { first?: number };
  childComplexity: number;
}) {
  return 1 + (args.first ?? DEFAULT_PAGE_SIZE) * childComplexity;
}

/**
 * Declares `<Name>Edge` and a base class for `<Name>Connection`; extend it with `@ObjectType()` to name
 * the connection and add fields such as `totalCount`.
 */
export function ConnectionType<T>(nodeName: string, nodeType: new (...args: never[]) => T) {
  @ObjectType(`${nodeName}Edge`)
  class EdgeType {
    @Field()
    cursor: string;

    @Field(() => nodeType)
    node: T;
  }

  // Registered so subclasses inherit its fields; never referenced itself, so never emitted.
  @ObjectType(`${nodeName}ConnectionBase`)
  abstract class ConnectionBase implements Connection<T> {
    @Field(() => [EdgeType])
    edges: Edge<T>[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;
  }
  return ConnectionBase;
}
