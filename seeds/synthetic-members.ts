import { CloseReason, Gender, MemberStatus } from '../src/modules/members';
import type { Random } from './random';

const FIRST_NAMES = [
  'Anna',
  'Ben',
  'Chloe',
  'Daniel',
  'Emma',
  'Felix',
  'Grace',
  'Hugo',
  'Isla',
  'Jonas',
  'Karin',
  'Liam',
  'Mia',
  'Noah',
  'Olivia',
  'Paul',
  'Quinn',
  'Rosa',
  'Sofia',
  'Tom',
  'Uma',
  'Victor',
  'Wei',
  'Xin',
  'Yuki',
  'Zara',
  'Li',
  'Mei',
  'Hiro',
  'Aisha',
  'Omar',
  'Lucia',
  'Mateo',
  'Priya',
  'Arjun',
  'Ingrid',
  'Lars',
];
const LAST_NAMES = [
  'Schmidt',
  'Müller',
  'Smith',
  'Jones',
  'Garcia',
  'Martin',
  'Rossi',
  'Dubois',
  'Wang',
  'Li',
  'Zhang',
  'Chen',
  'Tanaka',
  'Sato',
  'Kim',
  'Park',
  'Nguyen',
  'Silva',
  'Santos',
  'Novak',
  'Andersen',
  'Larsen',
  'Kowalski',
  'Haddad',
  'Patel',
  'Sharma',
  'Okafor',
  'Mensah',
  "O'Brien",
  'Fischer',
  'Weber',
  'Meyer',
];
const REGIONS = [
  'Berlin',
  'Bavaria',
  'Hamburg',
  'Île-de-France',
  'Lombardy',
  'Shanghai',
  'Guangdong',
  'California',
  'Ontario',
  'Tokyo',
];
export const DEMO_CHANNELS = ['online-store', 'pos', 'mini-program', 'app', 'shopify'] as const;
const GENDERS = [Gender.FEMALE, Gender.MALE, Gender.NON_BINARY, Gender.UNDISCLOSED];
const CLOSE_REASONS = Object.values(CloseReason);

const DAY_MS = 86_400_000;

export interface SyntheticMember {
  member: Record<string, unknown>;
  identities: { channel: string; externalId: string }[];
}

/**
 * One plausible member per index: unique contacts (derived from the index), one to three channel
 * identities (Shopify ids above 2^53, as the real platform has), a few closed memberships with exit feedback.
 */
export function syntheticMember(id: number, random: Random, now: Date): SyntheticMember {
  const firstName = random.pick(FIRST_NAMES);
  const lastName = random.pick(LAST_NAMES);
  const joinChannel = random.pick(DEMO_CHANNELS);
  const joinedAt = new Date(now.getTime() - random.int(1, 1500) * DAY_MS - random.int(0, DAY_MS));
  const closed = random.chance(0.04);
  const consent = random.chance(0.6);
  const asciiLast = lastName
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
  const member = {
    id,
    status: closed ? MemberStatus.CLOSED : MemberStatus.ACTIVE,
    firstName,
    lastName,
    birthday: random.chance(0.8) ? birthday(random) : null,
    gender: random.pick(GENDERS),
    region: random.pick(REGIONS),
    email: `${firstName.toLowerCase()}.${asciiLast}.${id}@example.com`,
    // a German mobile range (0170), valid for libphonenumber's strict check up to id 999,999,999
    phone: random.chance(0.7) ? `+4917${String(id).padStart(9, '0')}` : null,
    marketingConsent: consent,
    marketingConsentUpdatedAt: consent ? joinedAt : null,
    commsEmail: consent && random.chance(0.9),
    commsSms: consent && random.chance(0.4),
    commsPush: random.chance(0.5),
    commsMail: random.chance(0.1),
    joinChannel,
    joinedAt,
    closedAt: closed ? new Date(joinedAt.getTime() + random.int(30, 300) * DAY_MS) : null,
    closeReason: closed ? random.pick(CLOSE_REASONS) : null,
    closeComment: null,
    createdAt: joinedAt,
    updatedAt: joinedAt,
  };
  const channels = new Set<string>([joinChannel]);
  const extra = random.int(0, 2);
  for (let i = 0; i < extra; i++) channels.add(random.pick(DEMO_CHANNELS));
  const identities = [...channels].map((channel) => ({ channel, externalId: externalIdFor(channel, id) }));
  return { member, identities };
}

function externalIdFor(channel: string, id: number): string {
  switch (channel) {
    case 'shopify':
      return (7_000_000_000_000_000_000n + BigInt(id) * 7919n).toString();
    case 'pos':
      return `LC${String(id).padStart(10, '0')}`;
    case 'mini-program':
      return `oWx${(id * 2654435761).toString(16).padStart(12, '0')}`;
    default:
      return `${channel}-${id}`;
  }
}

function birthday(random: Random): string {
  const year = random.int(1950, 2006);
  const month = random.int(1, 12);
  const day = random.int(1, 28);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
