import { BadUserInputError, ConflictError, NotFoundError } from '../../common/errors';
import type { RequestContext } from '../../common/request-context';
import { clock } from '../../common/clock';
import { normaliseChannel } from '../../common/channel-key';
import type { Database } from '../../data/database';
import { isActivityEventType } from '../activity';
import type { AuditService } from '../audit';
import { checkedAddress, RefusedAddressError } from './address-guard';
import {
  type OutboundWebhookDelivery,
  OutboundWebhookDeliveryStatus,
} from './outbound-webhook-delivery.entity';
import { OutboundWebhookEndpoint, OutboundWebhookEndpointStatus } from './outbound-webhook-endpoint.entity';
import type {
  CreateOutboundWebhookEndpointInput,
  OutboundWebhookFilter,
  ReplayOutboundWebhookDeliveriesInput,
  RotateOutboundWebhookSecretInput,
  UpdateOutboundWebhookEndpointInput,
} from './outbound-webhook.inputs';
import type { OutboundWebhooksConfig } from './outbound-webhooks.config';
import { CLEARED_BODY, type OutboundWebhooksRepository } from './outbound-webhooks.repository';
import type { EndpointSecrets } from './endpoint-secrets';
import { newSecret } from './webhook-signature';

/** What an admin sees of an endpoint: never its secrets. */
function shown(endpoint: OutboundWebhookEndpoint) {
  const { secret: _secret, previousSecret: _previous, ...rest } = endpoint;
  return rest;
}

/** Admins' endpoints, rotation, pause/resume and replays; every change audited in its transaction. */
export class OutboundWebhooksService {
  constructor(
    private readonly db: Database,
    private readonly repository: OutboundWebhooksRepository,
    private readonly audit: AuditService,
    private readonly config: OutboundWebhooksConfig,
    private readonly secrets: EndpointSecrets,
  ) {}

  list(): Promise<OutboundWebhookEndpoint[]> {
    return this.repository.endpoints(this.db.manager);
  }

  async get(id: number): Promise<OutboundWebhookEndpoint> {
    const endpoint = await this.repository.endpoint(this.db.manager, id);
    if (!endpoint) throw new NotFoundError('Outbound webhook endpoint', id);
    return endpoint;
  }

  deliveries(
    criteria: { endpointId?: number; status?: string | null },
    beforeId: number | null,
    limit: number,
  ) {
    return this.repository.page(this.db.manager, criteria, beforeId, limit);
  }

  async create(ctx: RequestContext, input: CreateOutboundWebhookEndpointInput) {
    await this.checkUrl(input.url);
    const eventTypes = checkTypes(input.eventTypes);
    const secret = input.secret ?? newSecret();
    const sealed = this.secrets.seal(secret);
    const now = clock.now();
    return this.db.transaction(async (manager) => {
      const id = await this.repository.insertEndpoint(manager, {
        url: input.url,
        description: input.description?.trim() || null,
        eventTypesJson: JSON.stringify(eventTypes),
        filterJson: JSON.stringify(normalizedFilter(input.filter)),
        status: OutboundWebhookEndpointStatus.ACTIVE,
        pausedReason: null,
        pausedAt: null,
        consecutiveFailures: 0,
        secret: sealed,
        previousSecret: null,
        previousSecretExpiresAt: null,
        createdAt: now,
        updatedAt: now,
      });
      const endpoint = (await this.repository.endpoint(manager, id))!;
      await this.audit.record(ctx, manager, {
        action: 'outbound-webhook.create',
        targetType: 'outbound_webhook_endpoint',
        targetId: id,
        after: shown(endpoint),
      });
      return { endpoint, secret };
    });
  }

  async update(ctx: RequestContext, id: number, input: UpdateOutboundWebhookEndpointInput) {
    if (input.url) await this.checkUrl(input.url);
    const changes: Partial<OutboundWebhookEndpoint> = {};
    if (input.url) changes.url = input.url;
    if (input.eventTypes) changes.eventTypesJson = JSON.stringify(checkTypes(input.eventTypes));
    if (input.filter) changes.filterJson = JSON.stringify(normalizedFilter(input.filter));
    if (input.description !== undefined) changes.description = input.description?.trim() || null;
    return this.change(ctx, id, 'outbound-webhook.update', () => changes);
  }

  async pause(ctx: RequestContext, id: number, reason: string) {
    return this.change(ctx, id, 'outbound-webhook.pause', () => ({
      status: OutboundWebhookEndpointStatus.PAUSED,
      pausedReason: `paused by an admin: ${reason}`.slice(0, 500),
      pausedAt: clock.now(),
    }));
  }

  /** Active again, failure count reset, and its waiting deliveries due at once (in their order). */
  async resume(ctx: RequestContext, id: number) {
    return this.change(ctx, id, 'outbound-webhook.resume', async (manager) => {
      await this.repository.dueNow(manager, id);
      return {
        status: OutboundWebhookEndpointStatus.ACTIVE,
        pausedReason: null,
        pausedAt: null,
        consecutiveFailures: 0,
      };
    });
  }

  /** The new secret signs from now on; the old one too until the grace period ends (both signatures sent). */
  async rotateSecret(ctx: RequestContext, id: number, input: RotateOutboundWebhookSecretInput) {
    const secret = input.secret ?? newSecret();
    const sealed = this.secrets.seal(secret);
    const endpoint = await this.change(ctx, id, 'outbound-webhook.rotate-secret', (_manager, before) => ({
      secret: sealed,
      previousSecret: input.gracePeriodHours > 0 ? before.secret : null,
      previousSecretExpiresAt:
        input.gracePeriodHours > 0
          ? new Date(clock.now().getTime() + input.gracePeriodHours * 3_600_000)
          : null,
    }));
    return { endpoint, secret };
  }

  async remove(ctx: RequestContext, id: number): Promise<boolean> {
    return this.db.transaction(async (manager) => {
      const before = await this.repository.endpoint(manager, id);
      if (!before) throw new NotFoundError('Outbound webhook endpoint', id);
      await this.repository.deleteEndpoint(manager, id);
      await this.audit.record(ctx, manager, {
        action: 'outbound-webhook.delete',
        targetType: 'outbound_webhook_endpoint',
        targetId: id,
        before: shown(before),
      });
      return true;
    });
  }

  async replayOne(ctx: RequestContext, id: number): Promise<OutboundWebhookDelivery> {
    return this.db.transaction(async (manager) => {
      const before = await this.repository.delivery(manager, id);
      if (!before) throw new NotFoundError('Outbound webhook delivery', id);
      if (before.status === OutboundWebhookDeliveryStatus.CANCELLED || before.body === CLEARED_BODY)
        throw new ConflictError(
          `Outbound webhook delivery ${id} has no body to send any more (member erased, or cleared by retention)`,
          { status: before.status },
        );
      if ((await this.repository.replay(manager, { id })) === 0)
        throw new ConflictError(`Outbound webhook delivery ${id} is being sent right now`, {
          status: before.status,
        });
      const after = (await this.repository.delivery(manager, id))!;
      await this.audit.record(ctx, manager, {
        action: 'outbound-webhook.replay',
        targetType: 'outbound_webhook_delivery',
        targetId: id,
        before: { status: before.status, attempts: before.attempts },
        after: { status: after.status, replays: after.replays },
      });
      return after;
    });
  }

  async replayRange(ctx: RequestContext, endpointId: number, input: ReplayOutboundWebhookDeliveriesInput) {
    if (input.from && input.to && input.from >= input.to)
      throw BadUserInputError.field('to', 'to must be after from');
    return this.db.transaction(async (manager) => {
      if (!(await this.repository.endpoint(manager, endpointId)))
        throw new NotFoundError('Outbound webhook endpoint', endpointId);
      const count = await this.repository.replay(manager, {
        endpointId,
        status: input.status,
        from: input.from,
        to: input.to,
      });
      await this.audit.record(ctx, manager, {
        action: 'outbound-webhook.replay-range',
        targetType: 'outbound_webhook_endpoint',
        targetId: endpointId,
        after: { status: input.status ?? null, from: input.from ?? null, to: input.to ?? null, count },
      });
      return count;
    });
  }

  private async change(
    ctx: RequestContext,
    id: number,
    action: string,
    changes: (
      manager: Parameters<Parameters<Database['transaction']>[0]>[0],
      before: OutboundWebhookEndpoint,
    ) => Partial<OutboundWebhookEndpoint> | Promise<Partial<OutboundWebhookEndpoint>>,
  ): Promise<OutboundWebhookEndpoint> {
    return this.db.transaction(async (manager) => {
      const before = await this.repository.endpoint(manager, id);
      if (!before) throw new NotFoundError('Outbound webhook endpoint', id);
      await this.repository.updateEndpoint(manager, id, await changes(manager, before));
      const after = (await this.repository.endpoint(manager, id))!;
      await this.audit.record(ctx, manager, {
        action,
        targetType: 'outbound_webhook_endpoint',
        targetId: id,
        before: shown(before),
        after: shown(after),
      });
      return after;
    });
  }

  /** Refused now rather than at the first delivery: a private address, or a host that does not resolve. */
  private async checkUrl(url: string): Promise<void> {
    const parsed = new URL(url);
    if (parsed.username || parsed.password)
      throw BadUserInputError.field('url', 'url must not carry credentials (sign with the secret instead)');
    try {
      await checkedAddress(parsed, this.config);
    } catch (error) {
      const message =
        error instanceof RefusedAddressError ? error.message : `${parsed.hostname} does not resolve`;
      throw BadUserInputError.field('url', message);
    }
  }
}

function checkTypes(types: string[]): string[] {
  const unknown = types.filter((type) => !isActivityEventType(type));
  if (unknown.length > 0)
    throw BadUserInputError.field(
      'eventTypes',
      `Unknown event types: ${unknown.join(', ')} (README: Events)`,
    );
  return [...new Set(types)];
}

function normalizedFilter(filter: OutboundWebhookFilter | null | undefined): OutboundWebhookFilter {
  return {
    memberIds: [...new Set((filter?.memberIds ?? []).map(Number))],
    channels: [...new Set((filter?.channels ?? []).map((channel) => normaliseChannel(channel)))],
    storeIds: [...new Set(filter?.storeIds ?? [])],
  };
}
