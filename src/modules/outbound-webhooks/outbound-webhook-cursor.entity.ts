import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How far the fan-out has queued the outbox; moved by a conditional update so instances take turns. */
@Entity('outbound_webhook_cursor')
export class OutboundWebhookCursor {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  name: string;

  @Column({ type: 'int' })
  lastEventId: number;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
