import type { Api } from './api';

/**
 * Typed operation helpers, written by hand against schema/schema.graphql: the console uses a dozen
 * operations, and a hand-written helper per operation costs less than a code generator and its
 * dependencies. `test/e2e/console*.e2e-spec.ts` run every one of them against the real schema, so a
 * renamed field fails a test rather than a support agent.
 */
export interface MemberHit {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  status: string;
  channelIdentities: { channel: string; externalId: string | null }[];
}

export function searchMembers(api: Api, search: string): Promise<MemberHit[]> {
  return api
    .query<{ members: { edges: { node: MemberHit }[] } }>(
      `query ($search: String!) { members(first: 8, filter: { search: $search }) {
        edges { node { id firstName lastName email phone status channelIdentities { channel externalId } } } } }`,
      { search },
    )
    .then((data) => data.members.edges.map((edge) => edge.node));
}

export type AlertStatus = 'OPEN' | 'CLAIMED' | 'RESOLVED';

export interface DetractorAlert {
  id: string;
  status: AlertStatus;
  npsScore: number;
  claimedBy: string | null;
  raisedAt: string;
  resolution: string | null;
  member: { id: string; firstName: string | null; lastName: string | null };
  response: { suggestion: string | null };
  notes: { author: string; body: string; createdAt: string }[];
}

const ALERT = `id status npsScore claimedBy raisedAt resolution member { id firstName lastName }
  response { suggestion } notes { author body createdAt }`;

export function detractorQueue(api: Api, after: string | null = null) {
  return api
    .query<{
      detractorAlerts: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        edges: { node: DetractorAlert }[];
      };
    }>(
      `query ($after: String) { detractorAlerts(first: 20, after: $after, filter: { statuses: [OPEN, CLAIMED] }) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { ${ALERT} } } } }`,
      { after },
    )
    .then((data) => data.detractorAlerts);
}

export const claimAlert = (api: Api, id: string) =>
  api.query<{ claimDetractorAlert: DetractorAlert }>(
    `mutation ($id: ID!) { claimDetractorAlert(id: $id) { ${ALERT} } }`,
    { id },
  );

export const releaseAlert = (api: Api, id: string) =>
  api.query<{ releaseDetractorAlert: DetractorAlert }>(
    `mutation ($id: ID!) { releaseDetractorAlert(id: $id) { ${ALERT} } }`,
    { id },
  );

export const noteAlert = (api: Api, alertId: string, note: string, idempotencyKey: string) =>
  api.query<{ addDetractorAlertNote: DetractorAlert }>(
    `mutation ($input: AddDetractorAlertNoteInput!) { addDetractorAlertNote(input: $input) { ${ALERT} } }`,
    { input: { alertId, note, idempotencyKey } },
  );

export const resolveAlert = (api: Api, alertId: string, resolution: string) =>
  api.query<{ resolveDetractorAlert: DetractorAlert }>(
    `mutation ($input: ResolveDetractorAlertInput!) { resolveDetractorAlert(input: $input) { ${ALERT} } }`,
    { input: { alertId, resolution } },
  );

export interface SignInSettings {
  environment: string;
  oidc: { issuer: string; clientId: string; scope: string; audience: string | null } | null;
  demoRoles: ('staff' | 'admin')[];
}

export async function signInSettings(): Promise<SignInSettings> {
  const response = await fetch('/console/settings.json');
  return (await response.json()) as SignInSettings;
}

export async function demoSignIn(role: 'staff' | 'admin'): Promise<string> {
  const response = await fetch('/console/demo-sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role }),
  });
  if (!response.ok) throw new Error(`Demo sign-in failed (${response.status})`);
  return ((await response.json()) as { token: string }).token;
}
