import type { DatabaseKind } from '../../data/data-source';

export type PeriodGranularity = 'DAY' | 'WEEK' | 'MONTH';

/**
 * The SQL expression that buckets a UTC datetime column into a period key (`2026-03-02` for days and
 * weeks, the Monday of the ISO week; `2026-03` for months). The one place the two dialects differ
 * for period reports; datetimes are stored in UTC on both engines.
 */
export function periodKeySql(kind: DatabaseKind, column: string, granularity: PeriodGranularity): string {
  if (kind === 'mysql') {
    if (granularity === 'MONTH') return `DATE_FORMAT(${column}, '%Y-%m')`;
    if (granularity === 'DAY') return `DATE_FORMAT(${column}, '%Y-%m-%d')`;
    return `DATE_FORMAT(DATE_SUB(${column}, INTERVAL WEEKDAY(${column}) DAY), '%Y-%m-%d')`;
  }
  if (granularity === 'MONTH') return `strftime('%Y-%m', ${column})`;
  if (granularity === 'DAY') return `strftime('%Y-%m-%d', ${column})`;
  // 'weekday 1' moves forward to the next Monday (or stays): from six days earlier that is this week's Monday.
  return `date(${column}, '-6 days', 'weekday 1')`;
}
