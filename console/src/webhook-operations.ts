import type { Api } from './api';
import type { Page } from './member-operations';

/** The admin page's operations on outbound webhook endpoints (all admin-only, all audited server-side). */
export interface Endpoint {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  status: 'ACTIVE' | 'PAUSED';
  consecutiveFailures: number;
  pausedReason: string | null;
  previousSecretExpiresAt: string | null;
  createdAt: string;
}

export interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string;
  deliveredAt: string | null;
  replayable: boolean;
  createdAt: string;
}

const ENDPOINT =
  'id url description eventTypes status consecutiveFailures pausedReason previousSecretExpiresAt createdAt';
const DELIVERY =
  'id eventId eventType status attempts lastStatusCode lastError nextAttemptAt deliveredAt replayable createdAt';

export const endpoints = (api: Api) =>
  api
    .query<{ outboundWebhookEndpoints: Endpoint[] }>(`{ outboundWebhookEndpoints { ${ENDPOINT} } }`)
    .then((d) => d.outboundWebhookEndpoints);

export const createEndpoint = (
  api: Api,
  input: { url: string; eventTypes: string[]; description: string | null },
) =>
  api
    .query<{ createOutboundWebhookEndpoint: { secret: string; endpoint: Endpoint } }>(
      `mutation ($input: CreateOutboundWebhookEndpointInput!) { createOutboundWebhookEndpoint(input: $input) {
        secret endpoint { ${ENDPOINT} } } }`,
      { input },
    )
    .then((d) => d.createOutboundWebhookEndpoint);

export const pauseEndpoint = (api: Api, id: string, reason: string) =>
  api.query(
    `mutation ($id: ID!, $reason: String!) { pauseOutboundWebhookEndpoint(id: $id, reason: $reason) { id } }`,
    {
      id,
      reason,
    },
  );

export const resumeEndpoint = (api: Api, id: string) =>
  api.query(`mutation ($id: ID!) { resumeOutboundWebhookEndpoint(id: $id) { id } }`, { id });

export const deleteEndpoint = (api: Api, id: string) =>
  api.query(`mutation ($id: ID!) { deleteOutboundWebhookEndpoint(id: $id) }`, { id });

export const rotateSecret = (api: Api, id: string) =>
  api
    .query<{ rotateOutboundWebhookSecret: { secret: string } }>(
      `mutation ($id: ID!) { rotateOutboundWebhookSecret(id: $id) { secret } }`,
      { id },
    )
    .then((d) => d.rotateOutboundWebhookSecret.secret);

export const replayDelivery = (api: Api, id: string) =>
  api.query(`mutation ($id: ID!) { replayOutboundWebhookDelivery(id: $id) { id } }`, { id });

export const deliveryPages = (api: Api, endpointId: string) => (after: string | null) =>
  api
    .query<{
      outboundWebhookDeliveries: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        edges: { node: Delivery }[];
      };
    }>(
      `query ($endpointId: ID, $after: String) { outboundWebhookDeliveries(endpointId: $endpointId, first: 20, after: $after) {
        pageInfo { hasNextPage endCursor } edges { node { ${DELIVERY} } } } }`,
      { endpointId, after },
    )
    .then((d): Page<Delivery> => ({
      nodes: d.outboundWebhookDeliveries.edges.map((e) => e.node),
      hasNextPage: d.outboundWebhookDeliveries.pageInfo.hasNextPage,
      endCursor: d.outboundWebhookDeliveries.pageInfo.endCursor,
    }));
