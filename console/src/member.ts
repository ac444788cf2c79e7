import type { Api } from './api';
import { el, when } from './dom';
import { day, money, tierSentences } from './format';

const MEMBER = `query ($id: ID!) { member(id: $id) {
  id status firstName lastName email phone region joinChannel joinedAt
  channelIdentities { channel externalId linkedAt }
  tier { tier { code name } since reviewAt graceUntil manual }
  tierProgress { current { code name } next { code name } keepBy
    missingForNext { met spendMinor orders points } neededToKeep { met spendMinor orders points } }
  insight { lifecycleStage segment churnRisk clvMinor orderCount averageOrderValueMinor lastOrderAt }
  points { available pending held debt nextExpiry { points expiresAt } }
  pointsLots(first: 20) { edges { node { id points remaining status expiresAt pendingUntil } } }
  pointsLedger(first: 20) { edges { node { id type points reason createdAt explanation { summary steps } } } }
  coupons(first: 20) { edges { node { code status validUntil reward { name } } } }
  redemptions(first: 20) { edges { node { id status pointsSpent redeemedAt reward { name } } } }
  affordableRewards(first: 10) { name pointsPrice }
  orders(first: 20) { edges { node { id channel externalId status totalMinor currency pointsEarned purchasedAt } } }
}
  pointsPolicy { currency } }`;

type Row = Record<string, unknown>;
const nodes = (connection: { edges: { node: Row }[] }) => connection.edges.map((edge) => edge.node);

function table(rows: Row[], columns: [string, (row: Row) => string][]): HTMLElement {
  if (rows.length === 0) return el('p', { class: 'empty' }, 'None');
  return el(
    'table',
    {},
    el('thead', {}, el('tr', {}, ...columns.map(([title]) => el('th', {}, title)))),
    el(
      'tbody',
      {},
      ...rows.map((row) => el('tr', {}, ...columns.map(([, cell]) => el('td', {}, cell(row))))),
    ),
  );
}

function section(title: string, id: string, ...content: (Node | string)[]): HTMLElement {
  return el('section', { class: 'card', id }, el('h3', {}, title), ...content);
}

const text = (value: unknown) => (value === null || value === undefined ? '–' : String(value));

/** The member's full picture for support: everything the schema has about them, one query. */
export async function renderMember(api: Api, target: HTMLElement, id: string): Promise<void> {
  target.replaceChildren(el('p', {}, `Loading member ${id}…`));
  try {
    // The query above is the type: the console has no generated client.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const { member: m, pointsPolicy } = await api.query<{ member: any; pointsPolicy: { currency: string } }>(
      MEMBER,
      { id },
    );
    const currency = pointsPolicy.currency;
    const name = [m.firstName, m.lastName].filter(Boolean).join(' ') || '(no name)';
    target.replaceChildren(
      el('h3', { id: 'member-title' }, `#${m.id} ${name} · ${m.status}`),
      section(
        'Profile and identities',
        'profile',
        el('p', {}, `Email ${text(m.email)} · phone ${text(m.phone)} · region ${text(m.region)}`),
        el('p', {}, `Joined ${when(m.joinedAt)} through ${m.joinChannel}`),
        table(m.channelIdentities, [
          ['Channel', (r) => text(r.channel)],
          ['External id', (r) => text(r.externalId)],
          ['Linked', (r) => when(r.linkedAt as string)],
        ]),
      ),
      section(
        'Tier and progress',
        'tier',
        el(
          'p',
          {},
          `Tier ${m.tier?.tier?.name ?? '–'}${m.tier?.manual ? ' (assigned)' : ''} since ${when(m.tier?.since)}`,
        ),
        ...tierSentences(m.tierProgress, currency).map((sentence) =>
          el('p', { class: 'progress' }, sentence),
        ),
      ),
      section(
        'Balance and lots',
        'balance',
        el(
          'p',
          { class: 'balance' },
          `${m.points.available} available · ${m.points.pending} pending · ${m.points.held} held · debt ${m.points.debt}`,
        ),
        el(
          'p',
          {},
          m.points.nextExpiry
            ? `Next expiry: ${m.points.nextExpiry.points} points on ${day(m.points.nextExpiry.expiresAt)}`
            : 'No points due to expire',
        ),
        table(nodes(m.pointsLots), [
          ['Points', (r) => `${r.remaining}/${r.points}`],
          ['Status', (r) => text(r.status)],
          ['Expires', (r) => when(r.expiresAt as string)],
        ]),
      ),
      section(
        'Ledger',
        'ledger',
        table(nodes(m.pointsLedger), [
          ['When', (r) => when(r.createdAt as string)],
          ['Type', (r) => text(r.type)],
          ['Points', (r) => text(r.points)],
          ['Why', (r) => `${r.reason} — ${(r.explanation as { summary: string }).summary}`],
        ]),
      ),
      section(
        'Rewards and coupons',
        'rewards',
        table(nodes(m.coupons), [
          ['Coupon', (r) => text(r.code)],
          ['Reward', (r) => text((r.reward as Row)?.name)],
          ['Status', (r) => text(r.status)],
          ['Valid until', (r) => when(r.validUntil as string)],
        ]),
        table(nodes(m.redemptions), [
          ['Redeemed', (r) => when(r.redeemedAt as string)],
          ['Reward', (r) => text((r.reward as Row)?.name)],
          ['Points', (r) => text(r.pointsSpent)],
          ['Status', (r) => text(r.status)],
        ]),
        el(
          'p',
          {},
          `Can afford now: ${m.affordableRewards.map((r: Row) => r.name).join(', ') || 'nothing yet'}`,
        ),
      ),
      section(
        'Orders',
        'orders',
        table(nodes(m.orders), [
          ['Purchased', (r) => when(r.purchasedAt as string)],
          ['Channel', (r) => text(r.channel)],
          ['Order', (r) => text(r.externalId)],
          ['Total', (r) => money(Number(r.totalMinor), String(r.currency))],
          ['Points', (r) => text(r.pointsEarned)],
          ['Status', (r) => text(r.status)],
        ]),
      ),
      section(
        'Lifecycle, segment and value',
        'insight',
        m.insight
          ? el(
              'p',
              {},
              `Lifecycle ${m.insight.lifecycleStage} · segment ${text(m.insight.segment)} · churn risk ${
                m.insight.churnRisk === null ? '–' : `${Math.round(m.insight.churnRisk * 100)}%`
              } · lifetime value ${m.insight.clvMinor === null ? '–' : money(m.insight.clvMinor, currency)} · ${
                m.insight.orderCount
              } orders, average ${money(m.insight.averageOrderValueMinor, currency)}, last ${day(m.insight.lastOrderAt)}`,
            )
          : el('p', { class: 'empty' }, 'Not computed yet (the segments job runs hourly)'),
      ),
    );
  } catch (error) {
    target.replaceChildren(el('p', { class: 'error' }, (error as Error).message));
  }
}
