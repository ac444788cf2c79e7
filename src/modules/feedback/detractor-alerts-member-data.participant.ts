import type { EntityManager } from 'typeorm';
import type { MemberDataParticipant } from '../privacy';
import type { DetractorAlertsRepository } from './detractor-alerts.repository';

/**
 * Detractor alerts in the privacy operations: exported with their notes; erasure blanks what agents
 * wrote (it may name the person) and keeps the anonymous state; on merge the alerts move.
 */
export class DetractorAlertsMemberDataParticipant implements MemberDataParticipant {
  readonly section = 'detractorAlerts';

  constructor(private readonly repository: DetractorAlertsRepository) {}

  async exportFor(manager: EntityManager, memberId: number): Promise<unknown> {
    const alerts = await this.repository.alertsOf(manager, memberId);
    const notes = await this.repository.notesOf(
      manager,
      alerts.map((a) => a.id),
    );
    return alerts.map((alert) => ({
      ...alert,
      notes: notes.filter((n) => n.alertId === alert.id).map((n) => ({ ...n, idempotencyKey: undefined })),
    }));
  }

  erase(manager: EntityManager, memberId: number): Promise<void> {
    return this.repository.eraseTexts(manager, memberId);
  }

  merge(manager: EntityManager, change: { survivorId: number; mergedId: number }): Promise<void> {
    return this.repository.moveMember(manager, change.mergedId, change.survivorId);
  }
}
