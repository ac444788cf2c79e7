import { EndpointSecrets } from './endpoint-secrets';
import type { EntityManager } from 'typeorm';
import type { Logger } from '../../common/logger';
import type { Database } from '../../data/database';
import type { AuditService } from '../audit';
import type { MemberDataRegistry } from '../privacy';
import { outboundWebhookDeliveryRetentionJob } from './outbound-webhook-delivery-retention.job';
import { OutboundWebhooksMemberDataParticipant } from './outbound-webhooks-member-data.participant';
import { OutboundWebhookCursor } from './outbound-webhook-cursor.entity';
import { OutboundWebhookDelivery } from './outbound-webhook-delivery.entity';
import { OutboundWebhookEndpoint } from './outbound-webhook-endpoint.entity';
import { DEFAULT_OUTBOUND_WEBHOOKS, type OutboundWebhooksConfig } from './outbound-webhooks.config';
import { OutboundWebhooksRepository } from './outbound-webhooks.repository';
import { OutboundWebhookDeliveryResolver } from './outbound-webhook-delivery.resolver';
import { OutboundWebhooksResolver } from './outbound-webhooks.resolver';
import { OutboundWebhooksService } from './outbound-webhooks.service';
import { OutboundWebhookWorker } from './outbound-webhook.worker';
import type { PublishedEvents } from './published-events.port';

export { DEFAULT_OUTBOUND_WEBHOOKS, OutboundWebhookWorker };
export type { OutboundWebhooksConfig, PublishedEvents };
export const outboundWebhooksEntities = [
  OutboundWebhookEndpoint,
  OutboundWebhookDelivery,
  OutboundWebhookCursor,
];

/**
 * Outbound webhooks: admins register partner endpoints; matching activity events are queued from the
 * published outbox and POSTed, signed (Standard Webhooks), by a background worker (README: Outbound webhooks).
 */
export function createOutboundWebhooksModule(deps: {
  db: Database;
  audit: AuditService;
  memberData: MemberDataRegistry;
  config?: OutboundWebhooksConfig;
  /** Rows per retention statement (RETENTION_BATCH_SIZE). */
  retentionBatchSize?: number;
}) {
  const config = deps.config ?? DEFAULT_OUTBOUND_WEBHOOKS;
  const repository = new OutboundWebhooksRepository();
  const secrets = new EndpointSecrets(config.secretsKey);
  const service = new OutboundWebhooksService(deps.db, repository, deps.audit, config, secrets);
  deps.memberData.register(new OutboundWebhooksMemberDataParticipant(repository));
  return {
    service,
    resolvers: [new OutboundWebhooksResolver(service), new OutboundWebhookDeliveryResolver()] as object[],
    jobs: [
      outboundWebhookDeliveryRetentionJob(deps.db, repository, {
        deliveredDays: config.bodyRetentionDays,
        failedDays: config.failedBodyRetentionDays,
        batchSize: deps.retentionBatchSize ?? 1_000,
      }),
    ],
    /** How far the fan-out has read the outbox (activity retention keeps what comes after; null: no endpoint). */
    fanOutCursor: (manager: EntityManager) => repository.retentionHold(manager),
    /** The background worker, given the published outbox (src/events) once the server runs. */
    worker: (events: PublishedEvents, logger: Logger) =>
      new OutboundWebhookWorker(deps.db, repository, events, config, logger, secrets),
  };
}
