import type { EntityManager } from 'typeorm';
import type { MemberDataParticipant } from '../privacy';
import type { OutboundWebhooksRepository } from './outbound-webhooks.repository';

/**
 * Outbound deliveries in the privacy operations. Their bodies are copies of the member's activity
 * events, so: export lists what was sent or queued about the member (endpoint, event, status, times;
 * the bodies are the activity section's events); erasure clears every body and cancels what was not
 * sent yet (a partner is told of the erasure by the member.erased event, never sent the old data);
 * merge moves the log to the survivor.
 */
export class OutboundWebhooksMemberDataParticipant implements MemberDataParticipant {
  readonly section = 'outboundWebhookDeliveries';

  constructor(private readonly repository: OutboundWebhooksRepository) {}

  exportFor(manager: EntityManager, memberId: number): Promise<unknown> {
    return this.repository.ofMember(manager, memberId);
  }

  erase(manager: EntityManager, memberId: number): Promise<void> {
    return this.repository.eraseMember(manager, memberId);
  }

  merge(manager: EntityManager, change: { survivorId: number; mergedId: number }): Promise<void> {
    return this.repository.moveMember(manager, change.mergedId, change.survivorId);
  }
}
