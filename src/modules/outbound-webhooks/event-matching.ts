import type { ActivityEvent } from '../activity';
import type { OutboundWebhookEndpoint } from './outbound-webhook-endpoint.entity';
import type { OutboundWebhookFilter } from './outbound-webhook.inputs';

const any = <T>(list: T[], value: T | null) => list.length === 0 || (value !== null && list.includes(value));

/** Does this endpoint want this event: its type, then member, channel and store ("any of" each). */
export function endpointWants(endpoint: OutboundWebhookEndpoint, event: ActivityEvent): boolean {
  const types = JSON.parse(endpoint.eventTypesJson) as string[];
  const filter = JSON.parse(endpoint.filterJson) as OutboundWebhookFilter;
  return (
    types.includes(event.type) &&
    any(filter.memberIds.map(Number), event.memberId === null ? null : Number(event.memberId)) &&
    any(filter.channels, event.channel) &&
    any(filter.storeIds, event.storeId) &&
    event.occurredAt >= endpoint.createdAt
  );
}

/**
 * The body partners receive (Standard Webhooks' recommended shape): the event's type, when it
 * happened and its data. Rendered once when queued, so every attempt signs the same bytes.
 */
export function webhookBody(event: ActivityEvent): string {
  return JSON.stringify({
    id: `evt_${event.id}`,
    type: event.type,
    timestamp: new Date(event.occurredAt).toISOString(),
    data: {
      memberId: event.memberId === null ? null : String(event.memberId),
      channel: event.channel,
      storeId: event.storeId,
      plugin: event.plugin,
      payload: JSON.parse(event.payloadJson) as unknown,
    },
  });
}
