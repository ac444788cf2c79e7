/**
 * Values the host must recognise in a plugin's code (its errors, its secret options, the clock) may come
 * from another copy of this package than the host's own: a plugin installed from npm can bring a nested
 * copy. So they are keyed by `Symbol.for(...)`, which is one registry per process, never by class
 * identity or a module-level variable.
 */
export function sdkSymbol(name: string): symbol {
  return Symbol.for(`@loyalty-bff/plugin-sdk:${name}`);
}

/** A process-wide slot shared by every copy of the SDK (and the host). */
export function sharedSlot<T>(name: string, create: () => T): T {
  const key = sdkSymbol(name);
  const registry = globalThis as unknown as Record<symbol, T | undefined>;
  return (registry[key] ??= create());
}

export function hasBrand(value: unknown, brand: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}
