import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Which named data sets were loaded, so `npm start` loads demo data once and never twice. */
@Entity('seed_run')
export class SeedRun {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'datetime', precision: 3 })
  appliedAt: Date;
}
