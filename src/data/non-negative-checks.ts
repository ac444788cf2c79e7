import { Check } from 'typeorm';

/**
 * The `CHECK (column >= 0)` constraints that migrations/checks.ts creates (same names), declared on the
 * entity so that TypeORM's schema comparison keeps them: without them `migration:generate` drops
 * them on SQLite. (TypeORM does not compare checks on MySQL/MariaDB, where the migration made them.)
 */
export function NonNegativeChecks(table: string, columns: string[]): ClassDecorator {
  return (target) => {
    for (const column of columns) Check(`CHK_${table}_${column}_non_negative`, `"${column}" >= 0`)(target);
  };
}
