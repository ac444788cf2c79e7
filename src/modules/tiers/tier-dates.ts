const DAY_MS = 24 * 60 * 60 * 1000;

/** Calendar months in UTC, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** Start of the rolling qualification window that ends at `at`. */
export function windowStart(at: Date, windowMonths: number): Date {
  return addMonths(at, -windowMonths);
}

/**
 * The next periodic review after `now`, on the member's own schedule (every `cadenceMonths` from the
 * previous review date), so a job that runs late does not shift the member's calendar.
 */
export function nextReviewAfter(previousReview: Date, cadenceMonths: number, now: Date): Date {
  let next = addMonths(previousReview, cadenceMonths);
  for (let step = 2; next.getTime() <= now.getTime(); step++) {
    next = addMonths(previousReview, cadenceMonths * step);
  }
  return next;
}
