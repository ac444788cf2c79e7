import { registerDecorator, type ValidationOptions } from 'class-validator';
import { BadUserInputError } from './errors';

/**
 * The instants any date-time input may name: purchases, campaign and reward windows, report periods.
 *
 * Why these bounds: the GraphQL DateTimeISO scalar accepts anything JavaScript can represent (year 1,
 * year 9999, year +275760), while MySQL's DATETIME holds years 1000 to 9999 only; outside it a value is
 * refused or silently mangled depending on the engine and SQL mode, and SQLite stores anything. Within
 * it, a year-1 purchase or a year-9999 window is a client bug (an unset date, a "forever" sentinel
 * instead of null), and a report over millennia is expensive. No loyalty programme run by this service
 * predates 2000, and 2100 is far beyond any real campaign: both bounds are inclusive, so a report over
 * [2000-01-01, 2100-01-01) covers "everything". Rules tied to "now" (a purchase at most a day in the
 * future) stay in the services; this check needs no clock and is the same for every input.
 */
export const EARLIEST_DATE = new Date('2000-01-01T00:00:00.000Z');
export const LATEST_DATE = new Date('2100-01-01T00:00:00.000Z');

export function isDateInRange(value: unknown): value is Date {
  return (
    value instanceof Date &&
    !Number.isNaN(value.getTime()) &&
    value.getTime() >= EARLIEST_DATE.getTime() &&
    value.getTime() <= LATEST_DATE.getTime()
  );
}

function outOfRangeMessage(field: string): string {
  const day = (date: Date) => date.toISOString().slice(0, 10);
  return `${field} must be a date from ${day(EARLIEST_DATE)} to ${day(LATEST_DATE)} (UTC)`;
}

/**
 * For a service: the same rule as the decorator, for callers that skip the GraphQL inputs (plugins,
 * seeds), with the same BAD_USER_INPUT naming the field.
 */
export function assertDateInRange(value: Date, field: string): void {
  if (!isDateInRange(value)) throw BadUserInputError.field(field, outOfRangeMessage(field));
}

/** class-validator: a valid Date from 2000-01-01 to 2100-01-01 (UTC), so BAD_USER_INPUT names the field. */
export function IsDateInRange(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isDateInRange',
      target: target.constructor,
      propertyName,
      options: {
        message: outOfRangeMessage(propertyName),
        ...options,
      },
      validator: { validate: (value: unknown) => isDateInRange(value) },
    });
}
