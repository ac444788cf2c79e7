import { DataSource, type ColumnType, type EntityMetadata } from 'typeorm';

/* eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- an entity class, as TypeORM keys it */
const mysqlTypes = new Map<Function, Map<string, ColumnType>>();

/**
 * The type a column has on MySQL/MariaDB when it differs from the portable one its `@Column` declares
 * (e.g. MEDIUMTEXT, which SQLite does not know). Decorators run once, before the engine is known, so
 * the MySQL type is recorded here and put into the built metadata by `MysqlFamilyDataSource`: without
 * it `migration:generate` would see `text` and propose dropping and re-adding the column.
 */
export function MysqlColumnType(type: ColumnType): PropertyDecorator {
  return (target, property) => {
    const byProperty = mysqlTypes.get(target.constructor) ?? new Map<string, ColumnType>();
    byProperty.set(String(property), type);
    mysqlTypes.set(target.constructor, byProperty);
  };
}

export function applyMysqlColumnTypes(metadatas: EntityMetadata[]): void {
  for (const metadata of metadatas) {
    for (const column of metadata.columns) {
      /* eslint-disable-next-line @typescript-eslint/no-unsafe-function-type */
      const type = mysqlTypes.get(column.target as Function)?.get(column.propertyName);
      if (type) column.type = type;
    }
  }
}

/** The DataSource for MySQL and MariaDB: the entities' metadata with their MySQL column types. */
export class MysqlFamilyDataSource extends DataSource {
  protected override async buildMetadatas(): Promise<void> {
    await super.buildMetadatas();
    applyMysqlColumnTypes(this.entityMetadatas);
  }
}
