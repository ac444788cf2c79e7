import type { EntityTarget, MigrationInterface, ObjectLiteral } from 'typeorm';
import type { PluginRepository } from './plugin-repository';
import type { PluginKind, PluginPermission } from './permissions';
import type { ActivityEventCatalogue, ActivityEventType } from './events';

/* eslint-disable @typescript-eslint/no-unsafe-function-type */

/**
 * Everything a plugin declares. The host checks it at load time (names, versions, dependencies,
 * table, field and migration names) and refuses to start with a clear message when something clashes.
 */
export interface PluginDefinition<O extends object = object> {
  /** Lower-case slug (letters, digits, dashes); also the URL segment of its webhooks. */
  name: string;
  version: string;
  /**
   * Range of server versions it works with, in npm's semver syntax, e.g. `^0.1.0`. Optional: the SDK
   * version (below) is what the host checks first; name a server range only for behaviour the SDK
   * does not describe.
   */
  core?: string;
  /** Set by `definePlugin`: the `@loyalty-bff/plugin-sdk` version the plugin was built with. */
  readonly sdk?: string;
  kind: PluginKind;
  description?: string;
  /** Other plugins that must be loaded (and installed) first. */
  dependencies?: string[];
  permissions: PluginPermission[];
  /** A class validated with class-validator; mark secrets with @Secret(). */
  options?: new () => O;
  /** Its own TypeORM entities: tables must be named `<name>_...` (dashes as underscores). */
  entities?: Function[];
  /** Its own migrations, run by the host at install (after the core's, in dependency order). */
  migrations?: (new () => MigrationInterface)[];
  /**
   * type-graphql resolver instances; new types must start with the plugin's PascalCase name. A function
   * receives `PluginResolverAccess`, the only way a resolver gets the plugin's context (after saying who
   * may call it).
   */
  resolvers?: object[] | ((access: PluginResolverAccess<O>) => object[]);
  /** Fields served live from the platform on core types, with timeout, cache and fallback. */
  liveFields?: LiveFieldDefinition<O>[];
  /** Inbound webhooks at `/webhooks/<name>/<path>`. */
  webhooks?: WebhookDefinition<O>[];
  /**
   * Handlers for activity events of the catalogue (e.g. `order.recorded`), called after commit, at least
   * once, in outbox order; each receives the payload typed for its event type.
   */
  events?: PluginEventHandlers<O>;
  jobs?: PluginJob<O>[];
  hooks?: {
    install?(ctx: PluginContext<O>): Promise<void>;
    enable?(ctx: PluginContext<O>): Promise<void>;
    disable?(ctx: PluginContext<O>): Promise<void>;
    uninstall?(ctx: PluginContext<O>, options: { dropData: boolean }): Promise<void>;
  };
  /** Reachability of the platform, shown to admins; must answer within a few seconds. */
  health?(ctx: PluginContext<O>): Promise<PluginHealthReport>;
}

export interface PluginHealthReport {
  ok: boolean;
  message?: string;
}

/** The request as the platform sent it: raw body bytes (signatures are over these) and headers. */
export interface InboundWebhookRequest {
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  rawBody: Buffer;
  /** The path after `/webhooks/<plugin>/`. */
  path: string;
  receivedAt: Date;
}

/** What `accept` decided: a delivery to store and process in the background, or a ping to acknowledge. */
export type WebhookAcceptance =
  { kind: 'delivery'; deliveryId: string; topic: string } | { kind: 'ping'; message?: string };

export interface WebhookDefinition<O extends object = object> {
  /** Sub-path under `/webhooks/<plugin>/`; '' for the root. */
  path: string;
  /**
   * Runs in the request, before anything is written: check headers, the signature over the raw body,
   * staleness, that the body parses and the topic is known. Refuse with `throw webhookError(status, msg)`.
   */
  accept(request: InboundWebhookRequest, options: O): WebhookAcceptance;
  /**
   * Runs in the background with retries and backoff. Must be idempotent: a retry, a replay or a
   * crash after commit can run it again. Throw `permanentFailure(msg)` for errors no retry can fix.
   */
  handle(ctx: PluginContext<O>, delivery: PluginDelivery): Promise<void>;
}

export interface PluginDelivery {
  id: number;
  deliveryId: string;
  topic: string;
  headers: Record<string, string | undefined>;
  rawBody: string;
  attempt: number;
}

/** An activity event as a handler receives it: the payload is typed by the catalogue for its type. */
export interface PluginEvent<T extends ActivityEventType = ActivityEventType> {
  id: number;
  type: T;
  memberId: number | null;
  channel: string | null;
  payload: ActivityEventCatalogue[T];
  occurredAt: Date;
}

/** One optional handler per catalogue event type. */
export type PluginEventHandlers<O extends object = object> = {
  [T in ActivityEventType]?: (ctx: PluginContext<O>, event: PluginEvent<T>) => Promise<void>;
};

export interface PluginJob<O extends object = object> {
  /** kebab-case; runs as `<plugin>:<name>`. */
  name: string;
  description: string;
  everySeconds: number;
  run(ctx: PluginContext<O>, now: Date): Promise<Record<string, number>>;
}

export interface LiveFieldDefinition<O extends object = object> {
  /** Only `Member` for now. */
  on: 'Member';
  /** Must start with the plugin's camelCase name, e.g. `shopifyCustomerProfile`. */
  name: string;
  description: string;
  /** Answers JSON; anything slower than `timeoutMs` gets the fallback. */
  resolve(ctx: PluginContext<O>, parent: { memberId: number }): Promise<unknown>;
  timeoutMs?: number;
  cacheSeconds?: number;
  /** Answered on timeout or error (default null). */
  fallback?: unknown;
}

export interface PluginMember {
  id: number;
  status: string;
  email: string | null;
  /** The channel the member joined through (a connector's channel when it registered them). */
  joinChannel: string;
}

export interface PluginOrderLine {
  sku: string;
  quantity: number;
  unitPriceMinor: number;
  discountMinor?: number;
}

export interface PluginRecordOrder {
  channel: string;
  externalOrderId: string;
  memberId: number | null;
  storeId?: string | null;
  currency: string;
  lines: PluginOrderLine[];
  shippingMinor: number;
  taxMinor: number;
  totalMinor: number;
  purchasedAt: Date;
}

export interface PluginRefundOrder {
  channel: string;
  externalOrderId: string;
  refundId: string;
  kind: 'REFUND' | 'CANCELLATION';
  /** Merchandise amount; absent = everything left. */
  amountMinor?: number | null;
  reason?: string | null;
}

export interface PluginProduct {
  sku: string;
  title: string;
  category: string;
  priceMinor: number;
  currency: string;
  active?: boolean;
}

export interface PluginPointsMovement {
  memberId: number;
  points: number;
  reason: string;
  /** What it is about on the platform, e.g. `payment:pi_123`. */
  reference: string;
  idempotencyKey: string;
}

export interface PluginLogger {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

/**
 * The plugin's only door into the core. Every method checks the plugin's granted permissions and throws
 * FORBIDDEN naming the missing one; `store` reaches the plugin's own entities only.
 */
export interface PluginContext<O extends object = object> {
  readonly plugin: { name: string; version: string };
  readonly options: O;
  readonly logger: PluginLogger;
  readonly members: {
    /** members:read */
    findByIdentity(channel: string, externalId: string): Promise<PluginMember | null>;
    /** members:read: the member row as it is (a merged member shows status MERGED). */
    findById(memberId: number): Promise<PluginMember | null>;
    /** members:read */
    findByEmail(email: string): Promise<PluginMember | null>;
    /** members:write: registers a member with this identity. */
    register(input: {
      identity: { channel: string; externalId: string };
      email?: string | null;
      firstName?: string | null;
      lastName?: string | null;
      joinChannel: string;
    }): Promise<PluginMember>;
    /** members:link (linking what is already linked to the same member is a no-op). */
    linkIdentity(memberId: number, identity: { channel: string; externalId: string }): Promise<void>;
    /** members:link; unlinking what is no longer linked to this member is a no-op (a retry). */
    unlinkIdentity(memberId: number, identity: { channel: string; externalId: string }): Promise<void>;
    /** members:erase; erasing an erased member is a no-op. */
    erase(memberId: number): Promise<void>;
  };
  readonly orders: {
    /** orders:write; idempotent on (channel, externalOrderId); points follow the programme's rules. */
    record(input: PluginRecordOrder): Promise<{ orderId: number; pointsEarned: number }>;
    /**
     * orders:write; idempotent on (order, refundId). An order not recorded yet throws a
     * RetryLaterFailure: the delivery is retried with backoff until the order arrives.
     */
    refund(input: PluginRefundOrder): Promise<{ orderId: number; pointsReversed: number }>;
  };
  readonly catalog: {
    /** catalog:write */
    upsert(product: PluginProduct): Promise<void>;
    /** catalog:write: adds the product only when its SKU is unknown (never overwrites). */
    ensure(product: PluginProduct): Promise<boolean>;
  };
  readonly points: PluginPoints & {
    /** members:read: the member's balance now. */
    balance(memberId: number): Promise<PluginBalance>;
  };
  /**
   * points:hold: pay with points on the core's payment holds (the same ones `capturePointsPayment`
   * and the hold-expiry job see). References are namespaced: `stripe-points` passing `pi_1` holds
   * `stripe-points:pi_1`. Valued at the programme's pay-with-points rate, audited as the plugin.
   */
  readonly payments: {
    quote(input: { memberId: number; amountMinor: number; currency: string }): Promise<PluginPaymentQuote>;
    /** A hold with the policy's TTL (or `ttlSeconds`); the same key and input answer the first result. */
    authorise(input: {
      memberId: number;
      reference: string;
      amountMinor: number;
      currency: string;
      idempotencyKey: string;
      ttlSeconds?: number;
    }): Promise<PluginPointsPayment>;
    /** Once: a captured, released or expired payment is CONFLICT. */
    capture(reference: string): Promise<PluginPointsPayment>;
    release(reference: string): Promise<PluginPointsPayment>;
    /** Part (`amountMinor`) or all that is left of a captured payment. */
    refund(input: {
      reference: string;
      amountMinor?: number | null;
      idempotencyKey: string;
    }): Promise<PluginPointsPayment>;
    /** Null when no payment has this reference. */
    get(reference: string): Promise<PluginPointsPayment | null>;
  };
  readonly feedback: {
    /**
     * feedback:write: answers to a survey, as the core's `submitFeedback` takes them. `externalId`
     * (the vendor's response id) makes a redelivery answer the first response. Points (once per survey
     * per member, through the earning rules) and the detractor alert follow in the same transaction.
     */
    submit(input: PluginFeedback): Promise<{
      responseId: number;
      alreadySubmitted: boolean;
      detractorAlert: boolean;
      pointsEarned: number;
    }>;
  };
  readonly activity: {
    /** activity:publish: the type is prefixed with `<plugin>.`; committed at once. */
    publish(event: {
      type: string;
      memberId: number | null;
      summary: string;
      payload?: Record<string, unknown>;
    }): Promise<void>;
  };
  readonly store: {
    /** The plugin's own entity only, narrowed: no manager, raw SQL or query builder (PluginRepository). */
    repository<T extends ObjectLiteral>(entity: EntityTarget<T>): PluginRepository<T>;
    transaction<T>(work: (manager: PluginEntityManager) => Promise<T>): Promise<T>;
  };
}

/** A transaction restricted to the plugin's own entities. */
export interface PluginEntityManager {
  repository<T extends ObjectLiteral>(entity: EntityTarget<T>): PluginRepository<T>;
  /**
   * Points movements inside this transaction: they commit or roll back together with the plugin's own
   * rows (e.g. a transfer row and its hold), so there is never half a change.
   */
  readonly points: PluginPoints;
}

export interface PluginPoints {
  /** points:earn */
  earn(movement: PluginPointsMovement): Promise<{ entryId: number | null }>;
  /**
   * points:reverse: takes points back, never more than available. With `reverses` (the idempotencyKey
   * of this plugin's earn movement being refunded) it is a REVERSE of that earning, taken from its own
   * points first, like every other refund; without it, a correction (ADJUST), e.g. a claw-back.
   */
  reverse(movement: PluginPointsMovement & { reverses?: string }): Promise<{ entryId: number | null }>;
  /** points:hold */
  hold(movement: PluginPointsMovement & { purpose: string; expiresAt: Date }): Promise<{ holdId: number }>;
  /** points:hold: spends a HELD hold once; an expired or settled hold is CONFLICT. */
  capture(holdId: number): Promise<void>;
  /** points:hold: returns a HELD hold's points to their lots, once. */
  release(holdId: number, reason: string): Promise<void>;
  /** points:hold: the state of one of this plugin's holds (another plugin's hold is FORBIDDEN). */
  holdStatus(holdId: number): Promise<'HELD' | 'CAPTURED' | 'RELEASED' | 'EXPIRED'>;
}

export interface PluginBalance {
  available: number;
  pending: number;
  held: number;
}

export interface PluginPaymentQuote {
  amountMinor: number;
  currency: string;
  points: number;
  pointsPerCurrencyUnit: number;
  available: number;
  sufficient: boolean;
}

export interface PluginPointsPayment {
  /** As the plugin named it (without the namespace). */
  reference: string;
  memberId: number;
  points: number;
  refundedPoints: number;
  status: 'HELD' | 'CAPTURED' | 'RELEASED' | 'EXPIRED';
  expiresAt: Date;
  balance: PluginBalance;
}

export interface PluginFeedback {
  surveyId: number;
  memberId: number;
  orderId?: number | null;
  nps?: number | null;
  csat?: number | null;
  ces?: number | null;
  suggestion?: string | null;
  channel?: string | null;
  externalId?: string | null;
}

/** Who calls a plugin's GraphQL operation. */
export interface PluginCaller {
  role: 'member' | 'staff' | 'admin' | 'partner';
  subject: string;
  /** Set for member tokens. */
  memberId: number | null;
  /** Partner API keys (of this plugin only): their scopes. */
  scopes: string[];
  /** FORBIDDEN unless staff/admin, or the member themselves (partners: never on a member's behalf). */
  assertMayActFor(memberId: number): void;
}

export interface PluginCallerRule {
  /** Token roles allowed. */
  roles: ('member' | 'staff' | 'admin')[];
  /** When set, this plugin's own partner API keys with this scope may call too. */
  partnerScope?: PluginPermission;
}

/** Handed to a plugin's `resolvers` factory. */
export interface PluginResolverAccess<O extends object = object> {
  /**
   * Checks the caller against `rule` (UNAUTHENTICATED without one, FORBIDDEN outside it) and that the
   * plugin is enabled (CONFLICT otherwise), then gives the plugin's context with the caller.
   */
  context(
    graphqlContext: unknown,
    rule: PluginCallerRule,
  ): Promise<PluginContext<O> & { caller: PluginCaller }>;
}
