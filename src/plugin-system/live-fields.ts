import 'reflect-metadata';
import { GraphQLJSON } from 'graphql-scalars';
import { FieldResolver, Resolver, Root } from 'type-graphql';
import { Member } from '../modules/members';
import type { LiveFieldDefinition, PluginDefinition } from './plugin-definition';
import type { PluginHost } from './plugin-host';
import { liveFieldDuration, liveFieldTimeouts } from '../observability';

const DEFAULT_TIMEOUT_MS = 800;
const DEFAULT_CACHE_SECONDS = 60;
const CACHE_ENTRIES = 1_000;

/**
 * Resolvers for the fields plugins serve live from their platform (`Member.<pluginName>...`). Each
 * answer is cached per member, and a slow or failing upstream gets the field's fallback after its
 * timeout, so a query never waits on a partner longer than that; a disabled plugin answers the
 * fallback too. Adding or removing a field changes the schema: that needs a restart.
 */
export function liveFieldResolvers(host: PluginHost): object[] {
  return host.definitions.flatMap((definition) =>
    (definition.liveFields ?? []).map((field) => liveFieldResolver(host, definition, field)),
  );
}

function liveFieldResolver(
  host: PluginHost,
  definition: PluginDefinition,
  field: LiveFieldDefinition,
): object {
  const cache = new Map<number, { until: number; value: unknown }>();
  const timeoutMs = field.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const ttlMs = (field.cacheSeconds ?? DEFAULT_CACHE_SECONDS) * 1000;
  const fallback = field.fallback ?? null;

  // One class per field, its method named after the field: type-graphql keys resolvers by method name.
  class LiveField {
    [method: string]: unknown;
  }
  const resolve = async (member: Member): Promise<unknown> => {
    const hit = cache.get(member.id);
    if (hit && hit.until > Date.now()) return hit.value;
    const plugin = await host.active(definition.name);
    if (!plugin) return fallback;
    const labels = { plugin: definition.name, field: field.name };
    const timing = liveFieldDuration.startTimer(labels);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
    });
    const answer = host
      .guarded(definition.name, `live field ${field.name}`, async () => ({
        value: await field.resolve(host.context(plugin, `field:${definition.name}:${field.name}`), {
          memberId: member.id,
        }),
      }))
      .then((result) => {
        // Cached even when it arrives after the timeout, so the next query gets it.
        if (result) remember(cache, member.id, { until: Date.now() + ttlMs, value: result.value });
        return result;
      });
    const result = await Promise.race([answer, timeout]).finally(() => clearTimeout(timer));
    timing({ outcome: result === TIMED_OUT ? 'timeout' : result ? 'ok' : 'error' });
    if (result === TIMED_OUT) {
      liveFieldTimeouts.inc(labels);
      host.recordError(definition.name, `live field ${field.name}: no answer within ${timeoutMs} ms`);
      return fallback;
    }
    return result ? result.value : fallback;
  };
  Object.defineProperty(LiveField, 'name', { value: `${fieldPrefixOf(field.name)}LiveFieldResolver` });
  Object.defineProperty(LiveField.prototype, field.name, {
    value: resolve,
    writable: true,
    configurable: true,
  });
  const descriptor = Object.getOwnPropertyDescriptor(LiveField.prototype, field.name)!;
  Reflect.defineMetadata('design:paramtypes', [Member], LiveField.prototype, field.name);
  Reflect.defineMetadata('design:returntype', Promise, LiveField.prototype, field.name);
  Root()(LiveField.prototype, field.name, 0);
  FieldResolver(() => GraphQLJSON, {
    name: field.name,
    nullable: true,
    description: `${field.description} (plugin ${definition.name}, live: ${timeoutMs} ms timeout, cached ${ttlMs / 1000} s)`,
  })(LiveField.prototype, field.name, descriptor);
  Resolver(() => Member)(LiveField);
  return new LiveField();
}

const TIMED_OUT = Symbol('timed out');

function fieldPrefixOf(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function remember(
  cache: Map<number, { until: number; value: unknown }>,
  key: number,
  entry: { until: number; value: unknown },
) {
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, entry);
}
