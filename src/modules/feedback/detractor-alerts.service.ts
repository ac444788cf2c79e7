import type { EntityManager } from 'typeorm';
import { requirePrincipal } from '../../auth/member-access';
import type { Principal } from '../../auth/principal';
import { clock } from '../../common/clock';
import { ConflictError, IdempotencyMismatchError, NotFoundError } from '../../common/errors';
import type { RequestContext } from '../../common/request-context';
import type { Database } from '../../data/database';
import { isUniqueViolation } from '../../data/database-errors';
import type { ActivityService } from '../activity';
import type { AuditService } from '../audit';
import { DetractorAlert, DetractorAlertStatus } from './detractor-alert.entity';
import type { AlertCriteria, DetractorAlertsRepository } from './detractor-alerts.repository';

type AlertAction = 'claimed' | 'released' | 'noted' | 'resolved';

/**
 * The detractor loop: an alert is raised with its answer (FeedbackService), then one agent claims it,
 * leaves notes and resolves it. Every step is one transaction with its audit entry and an activity
 * event (`feedback.alert-<action>`), so every console sees the queue change live. Retries by the same
 * agent answer with the state they already reached instead of failing or writing twice.
 */
export class DetractorAlertsService {
  constructor(
    private readonly db: Database,
    private readonly repository: DetractorAlertsRepository,
    private readonly audit: AuditService,
    private readonly activity: ActivityService,
  ) {}

  /** Called inside the answer's transaction, so an answer never exists without its alert. */
  raise(
    manager: EntityManager,
    values: { responseId: number; memberId: number; npsScore: number; at: Date },
  ) {
    return this.repository.raise(manager, values);
  }

  async page(criteria: AlertCriteria, afterId: number | null, limit: number) {
    return this.repository.page(this.db.manager, criteria, afterId, limit);
  }

  count(criteria: AlertCriteria): Promise<number> {
    return this.repository.count(this.db.manager, criteria);
  }

  async find(id: number): Promise<DetractorAlert> {
    const alert = await this.repository.find(this.db.manager, id);
    if (!alert) throw new NotFoundError('Detractor alert', id);
    return alert;
  }

  claim(ctx: RequestContext, id: number): Promise<DetractorAlert> {
    const agent = requirePrincipal(ctx.principal);
    return this.db.transaction(async (manager) => {
      const won = await this.repository.claim(manager, id, agent, clock.now());
      const alert = await this.load(manager, id);
      if (!won) {
        if (alert.status === DetractorAlertStatus.CLAIMED && alert.claimedBy === agent.subject) return alert;
        throw this.taken(alert, 'claim');
      }
      await this.changed(ctx, manager, alert, 'claimed', { status: DetractorAlertStatus.OPEN });
      return alert;
    });
  }

  /** The holder hands the alert back to the queue; an admin (a team lead) may take it from anyone. */
  release(ctx: RequestContext, id: number): Promise<DetractorAlert> {
    const agent = requirePrincipal(ctx.principal);
    return this.db.transaction(async (manager) => {
      const before = await this.load(manager, id);
      if (before.status === DetractorAlertStatus.OPEN) return before;
      const holder = agent.role === 'admin' && before.claimedBy ? before.claimedBy : agent.subject;
      if (!(await this.repository.release(manager, id, holder, clock.now())))
        throw this.taken(before, 'release');
      const alert = await this.load(manager, id);
      await this.changed(ctx, manager, alert, 'released', {
        status: before.status,
        claimedBy: before.claimedBy,
      });
      return alert;
    });
  }

  async addNote(
    ctx: RequestContext,
    input: { id: number; body: string; idempotencyKey?: string | null },
  ): Promise<DetractorAlert> {
    const agent = requirePrincipal(ctx.principal);
    const body = input.body.trim();
    try {
      return await this.db.transaction((manager) => this.noteWithin(ctx, manager, agent, { ...input, body }));
    } catch (error) {
      // A concurrent twin with the same key committed first: answer as its retry would.
      if (!input.idempotencyKey || !isUniqueViolation(error)) throw error;
      return this.db.transaction((manager) => this.noteWithin(ctx, manager, agent, { ...input, body }));
    }
  }

  private async noteWithin(
    ctx: RequestContext,
    manager: EntityManager,
    agent: Principal,
    input: { id: number; body: string; idempotencyKey?: string | null },
  ): Promise<DetractorAlert> {
    if (input.idempotencyKey) {
      const earlier = await this.repository.findNoteByKey(manager, input.id, input.idempotencyKey);
      if (earlier) {
        if (earlier.body !== input.body || earlier.author !== agent.subject) {
          throw new IdempotencyMismatchError(input.idempotencyKey);
        }
        return this.load(manager, input.id);
      }
    }
    const now = clock.now();
    if (!(await this.repository.touchClaimed(manager, input.id, agent.subject, now))) {
      throw this.taken(await this.load(manager, input.id), 'note');
    }
    const noteId = await this.repository.addNote(manager, {
      alertId: input.id,
      authorRole: agent.role,
      author: agent.subject,
      body: input.body,
      idempotencyKey: input.idempotencyKey ?? null,
      createdAt: now,
    });
    const alert = await this.load(manager, input.id);
    await this.changed(ctx, manager, alert, 'noted', undefined, { noteId, note: input.body });
    return alert;
  }

  resolve(ctx: RequestContext, input: { id: number; resolution: string }): Promise<DetractorAlert> {
    const agent = requirePrincipal(ctx.principal);
    const resolution = input.resolution.trim();
    return this.db.transaction(async (manager) => {
      const won = await this.repository.resolve(manager, input.id, agent.subject, resolution, clock.now());
      const alert = await this.load(manager, input.id);
      if (!won) {
        const retry =
          alert.status === DetractorAlertStatus.RESOLVED &&
          alert.claimedBy === agent.subject &&
          alert.resolution === resolution;
        if (retry) return alert;
        throw this.taken(alert, 'resolve');
      }
      await this.changed(ctx, manager, alert, 'resolved', { status: DetractorAlertStatus.CLAIMED });
      return alert;
    });
  }

  private async load(manager: EntityManager, id: number): Promise<DetractorAlert> {
    const alert = await this.repository.find(manager, id);
    if (!alert) throw new NotFoundError('Detractor alert', id);
    return alert;
  }

  /** CONFLICT that says why and who has it, so the console can show "Sam is on it". */
  private taken(alert: DetractorAlert, attempt: 'claim' | 'release' | 'note' | 'resolve'): ConflictError {
    const extra = { alertId: String(alert.id), status: alert.status, claimedBy: alert.claimedBy };
    if (alert.status === DetractorAlertStatus.RESOLVED) {
      return new ConflictError(`Detractor alert ${alert.id} is already resolved`, extra);
    }
    if (alert.status === DetractorAlertStatus.OPEN) {
      return new ConflictError(`Claim detractor alert ${alert.id} before you ${attempt} it`, extra);
    }
    return new ConflictError(`Detractor alert ${alert.id} is claimed by ${alert.claimedBy}`, extra);
  }

  private async changed(
    ctx: RequestContext,
    manager: EntityManager,
    alert: DetractorAlert,
    action: AlertAction,
    before?: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    const after = {
      alertId: alert.id,
      status: alert.status,
      claimedBy: alert.claimedBy,
      npsScore: alert.npsScore,
      responseId: alert.responseId,
      ...(action === 'resolved' ? { resolution: alert.resolution } : {}),
      ...extra,
    };
    await this.audit.record(ctx, manager, {
      action: `feedback.alert-${action}`,
      targetType: 'detractor-alert',
      targetId: alert.id,
      before,
      after,
    });
    // Summaries and payloads carry ids and states only (no note text): the feed is read by every agent.
    await this.activity.record(manager, {
      type: `feedback.alert-${action}`,
      memberId: alert.memberId,
      summary: `Detractor alert ${alert.id} (member ${alert.memberId}, NPS ${alert.npsScore}) ${action}${
        alert.claimedBy ? ` by ${alert.claimedBy}` : ''
      }`,
      payload: {
        alertId: alert.id,
        status: alert.status,
        claimedBy: alert.claimedBy,
        npsScore: alert.npsScore,
        ...(extra.noteId ? { noteId: extra.noteId } : {}),
      },
    });
  }
}
