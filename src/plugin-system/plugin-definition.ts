import type { PluginContext, PluginDefinition as SdkPluginDefinition } from '@loyalty-bff/plugin-sdk';

/**
 * What a plugin declares and the context it receives are the SDK's contract with partners: the types
 * live in @loyalty-bff/plugin-sdk (packages/plugin-sdk) and the host implements them.
 */
export type {
  InboundWebhookRequest,
  LiveFieldDefinition,
  PluginBalance,
  PluginCaller,
  PluginCallerRule,
  PluginContext,
  PluginDelivery,
  PluginEntityManager,
  PluginEvent,
  PluginEventHandlers,
  PluginFeedback,
  PluginHealthReport,
  PluginJob,
  PluginLogger,
  PluginMember,
  PluginOrderLine,
  PluginPaymentQuote,
  PluginPoints,
  PluginPointsMovement,
  PluginPointsPayment,
  PluginProduct,
  PluginRecordOrder,
  PluginRefundOrder,
  PluginResolverAccess,
  WebhookAcceptance,
  WebhookDefinition,
} from '@loyalty-bff/plugin-sdk';

/** An outbox row as the host hands it over: the type is read back as a string. */
export interface HostEvent {
  id: number;
  type: string;
  memberId: number | null;
  channel: string | null;
  payload: unknown;
  occurredAt: Date;
}

/**
 * The host's view of a definition: event handlers looked up by the type read from the outbox. A method
 * signature on purpose (parameters compare both ways), so every typed handler of the SDK fits.
 */
interface HostEventHandlerHolder {
  handle(ctx: PluginContext, event: HostEvent): Promise<void>;
}
export type HostEventHandler = HostEventHandlerHolder['handle'];

export type PluginDefinition<O extends object = object> = Omit<SdkPluginDefinition<O>, 'events'> & {
  events?: Record<string, HostEventHandler>;
};
