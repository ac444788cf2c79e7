import type { RequestContext } from '../common/request-context';
import type { Database } from '../data/database';

/**
 * A factory of per-request loaders; modules export these next to their resolvers. It receives the
 * request's registry too, so one context's loaders can reuse another's (a balance or a tier row read
 * once per request, whichever field asks first).
 */
export type LoaderFactory<T> = (db: Database, loaders: LoaderRegistry) => T;

/**
 * Per-request (and per-subscription-event) DataLoaders, created on first use. Keyed by factory so the
 * GraphQL layer needs no knowledge of which modules exist.
 */
export class LoaderRegistry {
  private readonly created = new Map<LoaderFactory<unknown>, unknown>();

  constructor(private readonly db: Database) {}

  get<T>(factory: LoaderFactory<T>): T {
    let loaders = this.created.get(factory) as T | undefined;
    if (loaders === undefined) {
      loaders = factory(this.db, this);
      this.created.set(factory, loaders);
    }
    return loaders;
  }
}

export interface GraphQLContext extends RequestContext {
  loaders: LoaderRegistry;
}

export function createGraphQLContext(db: Database, request: RequestContext): GraphQLContext {
  return { ...request, loaders: new LoaderRegistry(db) };
}
