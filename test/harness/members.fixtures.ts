import type { TestEnvironment } from './test-environment';

export const MEMBER_FIELDS = `
  id status firstName lastName birthday gender region email phone joinChannel joinedAt
  marketingConsent { granted updatedAt }
  communicationPreferences { email sms push mail }
  closure { reason comment closedAt }
  channelIdentities { channel externalId }
  mergedInto { id }
`;

export interface MemberView {
  id: string;
  status: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  birthday: string | null;
  joinedAt: string;
  marketingConsent: { granted: boolean; updatedAt: string | null };
  communicationPreferences: { email: boolean; sms: boolean; push: boolean; mail: boolean };
  closure: { reason: string; comment: string | null; closedAt: string } | null;
  channelIdentities: { channel: string; externalId: string | null }[];
  mergedInto: { id: string } | null;
}

let sequence = 0;

/** Registers a member through the API as staff and returns it; overrides go into the input. */
export async function registerMember(
  env: TestEnvironment,
  overrides: Record<string, unknown> = {},
): Promise<MemberView> {
  sequence += 1;
  const input = {
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: `ada.${process.pid}.${sequence}@example.com`,
    joinChannel: 'online-store',
    ...overrides,
  };
  const response = await env.gql<{ registerMember: MemberView }>(
    `mutation ($input: RegisterMemberInput!) { registerMember(input: $input) { ${MEMBER_FIELDS} } }`,
    { input },
    await env.staffToken(),
  );
  if (!response.data?.registerMember)
    throw new Error(`registration failed: ${JSON.stringify(response.errors)}`);
  return response.data.registerMember;
}

export async function readMember(env: TestEnvironment, id: string, token?: string): Promise<MemberView> {
  const response = await env.gql<{ member: MemberView }>(
    `query ($id: ID!) { member(id: $id) { ${MEMBER_FIELDS} } }`,
    { id },
    token ?? (await env.staffToken()),
  );
  if (!response.data?.member) throw new Error(`read failed: ${JSON.stringify(response.errors)}`);
  return response.data.member;
}
