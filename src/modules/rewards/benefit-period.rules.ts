/**
 * Calendar rules of the benefit jobs. Dates are taken in UTC (the server's programme day); a birthday
 * is a `YYYY-MM-DD` calendar date without a time zone.
 */

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The `-MM-DD` endings of birthdays celebrated on `now`'s day: Feb 29 birthdays are celebrated on
 * Feb 28 in common years, so nobody waits four years for a gift.
 */
export function birthdaySuffixesOn(now: Date): string[] {
  const month = now.getUTCMonth() + 1;
  const day = now.getUTCDate();
  const suffixes = [`-${pad(month)}-${pad(day)}`];
  if (month === 2 && day === 28 && !isLeapYear(now.getUTCFullYear())) suffixes.push('-02-29');
  return suffixes;
}

/** A birthday gift is granted once per calendar year. */
export function birthdayPeriod(now: Date): string {
  return String(now.getUTCFullYear());
}

/**
 * Whether `now` is the member day of its month: `dayOfMonth` (1-31), or the month's last day when the
 * month is shorter (a member day on the 31st still happens in April).
 */
export function isMemberDay(now: Date, dayOfMonth: number): boolean {
  const last = daysInMonth(now.getUTCFullYear(), now.getUTCMonth() + 1);
  return now.getUTCDate() === Math.min(dayOfMonth, last);
}

/** A member-day benefit is granted once per month. */
export function memberDayPeriod(now: Date): string {
  return `${now.getUTCFullYear()}-${pad(now.getUTCMonth() + 1)}`;
}
