import { registerDecorator, type ValidationOptions } from 'class-validator';
import { clock } from '../../common/clock';

export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;

const EARLIEST_BIRTH_YEAR = 1900;

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
