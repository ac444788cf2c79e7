import type { EntityManager } from 'typeorm';

/** How programme figures are split: by sales channel, by store, or not at all. */
export type FigureGrouping = 'channel' | 'store' | null;

/** One group's figures, as the database returns them (numbers may arrive as strings on MySQL). */
export type FigureRow = Record<string, string | number | null>;

/** Figures per group key (`null`: the whole programme, or rows without a channel/store). */
export type GroupedFigures = Map<string | null, FigureRow>;

/** UTC text, as both engines store datetimes: raw SQL binds this (better-sqlite3 cannot bind a Date). */
export function sqlDateTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * One grouped aggregate: `SELECT <key> AS k, <select> FROM <from> GROUP BY <key>`, keyed by group.
 * Each context writes its own aggregates over its own tables with it; insight merges them by key.
 */
export async function groupedFigures(
  manager: EntityManager,
  key: string | null,
  select: string,
  from: string,
  params: unknown[],
): Promise<GroupedFigures> {
  const sql = key
    ? `SELECT ${key} AS k, ${select} FROM ${from} GROUP BY ${key}`
    : `SELECT NULL AS k, ${select} FROM ${from}`;
  const rows = (await manager.query(sql, params)) as FigureRow[];
  return new Map(rows.map((row) => [row.k === null ? null : String(row.k), row]));
}
