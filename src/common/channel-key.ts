import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { BadUserInputError } from './errors';

/** Channel keys are short lower-case slugs: online-store, pos, mini-program, shopify, stripe... */
export const CHANNEL_PATTERN = /^[a-z][a-z0-9-]{1,31}$/;

export const CHANNEL_MESSAGE =
  'channel must be a lower-case key of 2-32 letters, digits or dashes, e.g. online-store';

/**
 * The one rule for a channel a caller sends: keys are stored lower-case, so "POS" and " pos " name
 * the same channel as "pos" wherever a channel is an input (lookups, filters, orders, targeting).
 */
export function normaliseChannel(raw: string): string {
  return raw.trim().toLowerCase();
}

export function isChannelKey(value: unknown): value is string {
  return typeof value === 'string' && CHANNEL_PATTERN.test(value);
}

/** For a plain argument: the normalised key, or BAD_USER_INPUT naming the field. */
export function parseChannel(raw: string, field = 'channel'): string {
  const key = normaliseChannel(raw);
  if (!isChannelKey(key)) throw BadUserInputError.field(field, CHANNEL_MESSAGE.replace(/^channel/, field));
  return key;
}

/**
 * For an input field (a key or, with `each`, a list of keys): normalises the value in place, then
 * checks the pattern. type-graphql validates the instance it hands to the resolver, so the resolver
 * and everything after it only ever see the normalised key.
 */
export function IsChannelKey(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isChannelKey',
      target: target.constructor,
      propertyName,
      options: { message: CHANNEL_MESSAGE.replace(/^channel/, propertyName), ...options },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          if (typeof value !== 'string') return false;
          const key = normaliseChannel(value);
          normaliseInPlace(args, value, key);
          return isChannelKey(key);
        },
      },
    });
}

/** With `each`, class-validator calls validate once per element: replace that element in the list. */
function normaliseInPlace(args: ValidationArguments, value: string, key: string): void {
  const holder = args.object as Record<string, unknown>;
  const current = holder[args.property];
  if (Array.isArray(current)) {
    const index = current.indexOf(value);
    if (index >= 0) current[index] = key;
  } else if (current === value) {
    holder[args.property] = key;
  }
}
