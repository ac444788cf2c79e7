import { Counter, Gauge, register } from 'prom-client';

/**
 * Delivery attempts by outcome: delivered, retrying (failed, another attempt scheduled), failed (out of
 * attempts), cancelled (body cleared by an erasure before it was sent). Never by endpoint or member.
 */
export const outboundWebhookDeliveriesTotal =
  (register.getSingleMetric('loyalty_outbound_webhook_deliveries_total') as Counter<'status'>) ??
  new Counter({
    name: 'loyalty_outbound_webhook_deliveries_total',
    help: 'Outbound webhook delivery attempts by outcome (delivered, retrying, failed, cancelled)',
    labelNames: ['status'],
  });

/** Deliveries waiting (PENDING or SENDING), as last counted by this process's worker. */
export const outboundWebhookQueueDepth =
  (register.getSingleMetric('loyalty_outbound_webhook_queue_depth') as Gauge) ??
  new Gauge({
    name: 'loyalty_outbound_webhook_queue_depth',
    help: 'Outbound webhook deliveries waiting to be sent (pending or in flight)',
  });
