import { registerDecorator, type ValidationOptions } from 'class-validator';
import { clock } from '../../common/clock';
import { toE164 } from './phone-number';

const EARLIEST_BIRTH_YEAR = 1900;

/** A real phone number (see phone-number.ts for the default region); the service stores its E.164 form. */
export function IsMemberPhone(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isMemberPhone',
      target: target.constructor,
      propertyName,
      options: {
        message: `${propertyName} must be a valid phone number with its country code, e.g. +49 170 1234567`,
        ...options,
      },
      validator: { validate: (value: unknown) => typeof value === 'string' && toE164(value) !== null },
    });
}

/** A real calendar date `YYYY-MM-DD`, not in the future and not before 1900. */
export function IsBirthday(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isBirthday',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a past date in the form YYYY-MM-DD`, ...options },
      validator: { validate: (value: unknown) => isBirthday(value) },
    });
}

export function isBirthday(value: unknown, today = clock.now()): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) return false;
  return date.getUTCFullYear() >= EARLIEST_BIRTH_YEAR && date.getTime() <= today.getTime();
}
