import { sharedSlot } from './brand';

/** Option classes → their secret fields; shared by every copy of the SDK so the host sees a plugin's marks. */
const secretFields = sharedSlot('secret-fields', () => new WeakMap<object, Set<string>>());

/**
 * Marks an option as a secret: stored encrypted (AES-256-GCM, key from PLUGIN_SECRETS_KEY) and never
 * returned by the admin API or the CLI, which show only whether it is set.
 */
export function Secret(): PropertyDecorator {
  return (prototype, property) => {
    const fields = secretFields.get(prototype.constructor) ?? new Set<string>();
    fields.add(String(property));
    secretFields.set(prototype.constructor, fields);
  };
}

/** The fields marked with @Secret() on an options class and its parents. */
export function secretFieldsOf(optionsClass: (new () => object) | undefined): string[] {
  const fields = new Set<string>();
  for (let c: unknown = optionsClass; typeof c === 'function' && c !== Function.prototype;) {
    for (const field of secretFields.get(c) ?? []) fields.add(field);
    c = Object.getPrototypeOf(c);
  }
  return [...fields];
}
