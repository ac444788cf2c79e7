import { parseId } from '../common/ids';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Matches } from 'class-validator';
import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { ConflictError, NotFoundError } from '../common/errors';
import type { Database } from '../data/database';
import { ConnectionArgs, connectionComplexity, decodeCursor, toConnection } from '../graphql/connection';
import type { GraphQLContext } from '../graphql/context';
import { PartnerApiKey } from './partner-api-key.entity';
import type { PartnerApiKeysService } from './partner-api-keys.service';
import type { PluginHost } from './plugin-host';
import type { PluginOptionsCodec } from './plugin-options';
import {
  IssuedPartnerApiKey,
  IssuePartnerApiKeyInput,
  PluginErrorEntry,
  PluginHealth,
  PluginInfo,
  PLUGIN_NAME,
  PLUGIN_NAME_MESSAGE,
  UninstallPluginInput,
  WebhookDeliveryConnection,
  WebhookDeliveryFilter,
} from './plugin.types';
import type { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDelivery } from './webhook-delivery.entity';
import type { WebhookWorker } from './webhook-worker';
import { clock } from '../common/clock';
import { CLEARED_BODY } from './webhook-delivery-retention.job';

const HEALTH_TIMEOUT_MS = 3_000;

@ArgsType()
class PluginNameArgs {
  @Field()
  @Matches(PLUGIN_NAME, { message: PLUGIN_NAME_MESSAGE })
  name: string;
}

/** Admin API for plugins: state, lifecycle, partner API keys, the webhook delivery log and replays. */
@Resolver(() => PluginInfo)
export class PluginsResolver {
  constructor(
    private readonly db: Database,
    private readonly host: PluginHost,
    private readonly codec: PluginOptionsCodec,
    private readonly apiKeys: PartnerApiKeysService,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly worker: WebhookWorker,
  ) {}

  @Authorized('admin')
  @Query(() => [PluginInfo], { description: 'Every loaded plugin (PLUGINS), installed or not' })
  async plugins(): Promise<PluginInfo[]> {
    return Promise.all(this.host.definitions.map((d) => this.info(d.name)));
  }

  @Authorized('admin')
  @Query(() => PluginInfo)
  plugin(@Args(() => PluginNameArgs) { name }: PluginNameArgs): Promise<PluginInfo> {
    return this.info(name);
  }

  @FieldResolver(() => PluginHealth, {
    description: "The plugin's own health check, asked now (3 s timeout)",
  })
  async health(@Root() plugin: PluginInfo): Promise<PluginHealth> {
    const checkedAt = clock.now();
    const active = await this.host.active(plugin.name);
    if (!active) return { ok: false, message: plugin.installed ? 'disabled' : 'not installed', checkedAt };
    const check = active.definition.health;
    if (!check) return { ok: true, message: 'no health check', checkedAt };
    const report = await Promise.race([
      this.host.guarded(plugin.name, 'health check', () => check(this.host.context(active))),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), HEALTH_TIMEOUT_MS).unref()),
    ]);
    if (!report) return { ok: false, message: 'the health check failed or timed out', checkedAt };
    return { ok: report.ok, message: report.message ?? null, checkedAt };
  }

  @FieldResolver(() => [PluginErrorEntry], { description: 'Latest errors in this process, newest first' })
  recentErrors(@Root() plugin: PluginInfo): PluginErrorEntry[] {
    return this.host.recentErrors(plugin.name);
  }

  @FieldResolver(() => GraphQLJSONObject, { description: 'Deliveries in the log by status' })
  deliveryCounts(@Root() plugin: PluginInfo): Promise<Record<string, number>> {
    return this.deliveries.countByStatus(this.db.manager, plugin.name);
  }

  @Authorized('admin')
  @Mutation(() => PluginInfo, { description: 'Runs its migrations; it stays disabled until enabled' })
  async installPlugin(@Args(() => PluginNameArgs) { name }: PluginNameArgs, @Ctx() ctx: GraphQLContext) {
    await this.host.install(ctx, name);
    return this.info(name);
  }

  @Authorized('admin')
  @Mutation(() => PluginInfo, {
    description: 'Validates and merges options into the stored ones; secrets are sealed',
  })
  async configurePlugin(
    @Args(() => PluginNameArgs) { name }: PluginNameArgs,
    // Validated by the plugin's own options class in PluginHost.configure, not as a GraphQL input.
    @Arg('options', () => GraphQLJSONObject, { validate: false }) options: Record<string, unknown>,
    @Ctx() ctx: GraphQLContext,
  ) {
    await this.host.configure(ctx, name, options);
    return this.info(name);
  }

  @Authorized('admin')
  @Mutation(() => PluginInfo, { description: 'Webhooks, event handlers and jobs start at once (no restart)' })
  async enablePlugin(@Args(() => PluginNameArgs) { name }: PluginNameArgs, @Ctx() ctx: GraphQLContext) {
    await this.host.enable(ctx, name);
    this.worker.kick();
    return this.info(name);
  }

  @Authorized('admin')
  @Mutation(() => PluginInfo, { description: 'Its webhooks answer 404 and its keys stop working at once' })
  async disablePlugin(@Args(() => PluginNameArgs) { name }: PluginNameArgs, @Ctx() ctx: GraphQLContext) {
    await this.host.disable(ctx, name);
    return this.info(name);
  }

  @Authorized('admin')
  @Mutation(() => Boolean, { description: 'Revokes its keys; dropData also reverts its migrations' })
  async uninstallPlugin(
    @Arg('input', () => UninstallPluginInput) input: UninstallPluginInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<boolean> {
    await this.host.uninstall(ctx, input.name, input.dropData);
    return true;
  }

  @Authorized('admin')
  @Query(() => WebhookDeliveryConnection, { complexity: connectionComplexity, description: 'Newest first' })
  async webhookDeliveries(
    @Args(() => ConnectionArgs) { first, after }: ConnectionArgs,
    @Arg('filter', () => WebhookDeliveryFilter, { nullable: true }) filter: WebhookDeliveryFilter | null,
  ): Promise<WebhookDeliveryConnection> {
    const rows = await this.deliveries.page(
      this.db.manager,
      filter ?? {},
      decodeCursor('delivery', after),
      first + 1,
    );
    return toConnection('delivery', rows, first);
  }

  @Authorized('admin')
  @Mutation(() => WebhookDelivery, {
    description: 'Runs a delivery again (handlers are idempotent: a processed one changes nothing)',
  })
  async replayWebhookDelivery(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WebhookDelivery> {
    const deliveryId = parseId(id, 'id', 'a webhook delivery id');
    const found = await this.deliveries.byId(this.db.manager, deliveryId);
    if (!found) throw new NotFoundError('Webhook delivery', id);
    if (found.body === CLEARED_BODY)
      throw new ConflictError(
        `Webhook delivery ${id} cannot be replayed: retention cleared its raw body (WEBHOOK_*_RETENTION_DAYS)`,
      );
    if (!(await this.host.replayDelivery(ctx, found))) {
      throw new ConflictError(`Webhook delivery ${id} is being processed right now`);
    }
    this.worker.kick();
    return (await this.deliveries.byId(this.db.manager, deliveryId))!;
  }

  @Authorized('admin')
  @Query(() => [PartnerApiKey])
  partnerApiKeys(
    @Arg('plugin', () => String, { nullable: true }) plugin: string | null,
  ): Promise<PartnerApiKey[]> {
    return this.apiKeys.list(plugin);
  }

  @Authorized('admin')
  @Mutation(() => IssuedPartnerApiKey)
  issuePartnerApiKey(
    @Arg('input', () => IssuePartnerApiKeyInput) input: IssuePartnerApiKeyInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<IssuedPartnerApiKey> {
    return this.apiKeys.issue(ctx, input.plugin, input.label, input.scopes);
  }

  @Authorized('admin')
  @Mutation(() => PartnerApiKey)
  revokePartnerApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<PartnerApiKey> {
    const keyId = parseId(id, 'id', 'an API key id');
    return this.apiKeys.revoke(ctx, keyId);
  }

  private async info(name: string): Promise<PluginInfo> {
    const definition = this.host.definition(name);
    const row = (await this.host.installations()).get(name);
    const shown = row
      ? this.codec.redacted(definition.options, row.optionsJson)
      : { values: {}, secretsSet: [] };
    return {
      name,
      version: definition.version,
      kind: definition.kind,
      description: definition.description ?? null,
      permissions: [...definition.permissions],
      dependencies: [...(definition.dependencies ?? [])],
      installed: !!row,
      enabled: !!row?.enabled,
      installedVersion: row?.version ?? null,
      options: shown.values,
      secretsSet: shown.secretsSet,
      webhooks: (definition.webhooks ?? []).map((w) => `/webhooks/${name}${w.path ? `/${w.path}` : ''}`),
      liveFields: (definition.liveFields ?? []).map((f) => `${f.on}.${f.name}`),
    };
  }
}
