import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per installed plugin. `optionsJson` holds secret options encrypted (see src/common/secret-box.ts). */
@Entity('plugin_installation')
export class PluginInstallation {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  version: string;

  @Column({ type: 'boolean', default: false })
  enabled: boolean;

  @Column({ type: 'text' })
  optionsJson: string;

  @Column({ type: 'datetime', precision: 3 })
  installedAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}

/** A plugin migration applied by the host (plugins' migrations are tracked apart from the core's). */
@Entity('plugin_migration')
export class PluginMigrationRecord {
  @PrimaryColumn({ type: 'varchar', length: 191 })
  name: string;

  @Column({ type: 'varchar', length: 64 })
  plugin: string;

  @Column({ type: 'datetime', precision: 3 })
  appliedAt: Date;
}

/** How far a plugin's event handlers have read the activity outbox. */
@Entity('plugin_event_cursor')
export class PluginEventCursor {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  plugin: string;

  @Column({ type: 'int' })
  lastEventId: number;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
