/**
 * Calendar arithmetic in an IANA time zone with Intl only (no date library): "the 8th of the month"
 * and "once per day" mean the member's local calendar, not UTC's, when a rule names a zone.
 */

export interface LocalDate {
  year: number;
  month: number;
  day: number;
  /** ISO weekday: 1 = Monday ... 7 = Sunday. */
  weekday: number;
}

export type CapPeriod = 'day' | 'week' | 'month';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

export function isTimeZone(value: unknown): boolean {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return false;
  try {
    formatter(value);
    return true;
  } catch {
    return false;
  }
}

function wallClock(at: Date, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return parts as { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

export function localDate(at: Date, timeZone: string): LocalDate {
  const { year, month, day } = wallClock(at, timeZone);
  const weekday = ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1;
  return { year, month, day, weekday };
}

/** Milliseconds the zone is ahead of UTC at that instant. */
function offsetAt(instant: number, timeZone: string): number {
  const w = wallClock(new Date(instant), timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (instant - (instant % 1000));
}

/** The instant local midnight starts on that calendar date (day may overflow: Date.UTC normalises it). */
export function startOfLocalDay(year: number, month: number, day: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day);
  let instant = guess - offsetAt(guess, timeZone);
  // Near a DST change the offset at the guess and at the answer differ: one correction settles it.
  const corrected = guess - offsetAt(instant, timeZone);
  if (corrected !== instant) instant = corrected;
  return new Date(instant);
}

/** The calendar period (day, ISO week from Monday, month) containing `at`, as [start, end). */
export function periodBounds(at: Date, period: CapPeriod, timeZone: string): { start: Date; end: Date } {
  const { year, month, day, weekday } = localDate(at, timeZone);
  switch (period) {
    case 'day':
      return {
        start: startOfLocalDay(year, month, day, timeZone),
        end: startOfLocalDay(year, month, day + 1, timeZone),
      };
    case 'week':
      return {
        start: startOfLocalDay(year, month, day - (weekday - 1), timeZone),
        end: startOfLocalDay(year, month, day - (weekday - 1) + 7, timeZone),
      };
    case 'month':
      return {
        start: startOfLocalDay(year, month, 1, timeZone),
        end: startOfLocalDay(year, month + 1, 1, timeZone),
      };
  }
}
