import type { TableColumnOptions } from 'typeorm/schema-builder/options/TableColumnOptions';

/** Column shapes every migration uses, so both engines get the same types. */
export function id(): TableColumnOptions {
  return { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
}

export function varchar(
  name: string,
  length: number,
  extra: Partial<TableColumnOptions> = {},
): TableColumnOptions {
  return { name, type: 'varchar', length: String(length), ...extra };
}

export function datetime(name: string, isNullable = false): TableColumnOptions {
  return { name, type: 'datetime', precision: 3, isNullable };
}

export function flag(name: string, defaultValue = false): TableColumnOptions {
  return { name, type: 'boolean', default: defaultValue };
}

export function int(name: string, extra: Partial<TableColumnOptions> = {}): TableColumnOptions {
  return { name, type: 'int', ...extra };
}

export function text(name: string, isNullable = false): TableColumnOptions {
  return { name, type: 'text', isNullable };
}
