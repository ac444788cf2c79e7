/**
 * Core and plugin migrations share one helper: it is published in the SDK so partners' migrations can
 * call it (packages/plugin-sdk/src/sqlite-columns.ts).
 */
export { matchSqliteColumnsToEntities } from '@loyalty-bff/plugin-sdk';
