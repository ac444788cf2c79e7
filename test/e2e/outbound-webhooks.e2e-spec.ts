import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { register } from 'prom-client';
import { Webhook } from 'standardwebhooks';
import { clock, clockStartingAt, installClock } from '../../src/common/clock';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';
import { registerMember } from '../harness/members.fixtures';
import { givePoints } from '../harness/points.fixtures';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Every receiver a test opened, closed in afterAll even when the test failed half-way. */
const opened: http.Server[] = [];

/**
 * A partner's receiver on loopback: answers 200, or 503 while `failing`, and keeps what it got; while
 * `hold` is set it answers only once that promise resolves (a slow partner), calling `arrived` first.
 */
async function receiver() {
  const state = {
    failing: false,
    received: [] as Received[],
    server: null as unknown as http.Server,
    hold: null as Promise<void> | null,
    arrived: null as (() => void) | null,
  };
  state.server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      state.received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      state.arrived?.();
      void Promise.resolve(state.hold).then(() =>
        response.writeHead(state.failing ? 503 : 200).end(state.failing ? 'down for maintenance' : 'ok'),
      );
    });
  });
  opened.push(state.server);
  await new Promise<void>((resolve) => state.server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}/hooks`;
  return { ...state, state, url, close: () => new Promise((r) => state.server.close(r)) };
}

/** What the README tells partners who do not use the standardwebhooks package: a few lines of node:crypto. */
function verifiedWithNodeCrypto(secret: string, received: Received): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const signed = `${received.headers['webhook-id']}.${received.headers['webhook-timestamp']}.${received.body}`;
  const expected = Buffer.from(createHmac('sha256', key).update(signed).digest('base64'));
  return String(received.headers['webhook-signature'])
    .split(' ')
    .map((entry) => Buffer.from(entry.split(',')[1] ?? ''))
    .some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected));
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The loyalty_outbound_webhook_deliveries_total counter's value for one status. */
const attempts = async (status: string) =>
  (await register.getSingleMetric('loyalty_outbound_webhook_deliveries_total')!.get()).values.find(
    (value) => value.labels.status === status,
  )?.value ?? 0;
/** Moves the server's clock on (retries are due by the clock; nothing sleeps for real backoff). */
const advance = (ms: number) => installClock(clockStartingAt(new Date(clock.now().getTime() + ms)));

describe('outbound webhooks', () => {
  let env: TestEnvironment;
  let admin: string;

  beforeAll(async () => {
    env = await createTestEnvironment({
      now: '2026-11-20T10:00:00Z',
      env: { OUTBOUND_WEBHOOK_PAUSE_AFTER_FAILURES: '3', OUTBOUND_WEBHOOK_MAX_ATTEMPTS: '6' },
    });
    admin = await env.adminToken();
  });
  afterAll(async () => {
    await env.stop();
    for (const server of opened) {
      server.closeAllConnections();
      if (server.listening) await new Promise((resolve) => server.close(resolve));
    }
  });

  const drain = () => env.app.outboundWebhooks.drain();
  const create = async (url: string, eventTypes: string[], extra: Record<string, unknown> = {}) => {
    const response = await env.gql<any>(
      `mutation ($input: CreateOutboundWebhookEndpointInput!) {
        createOutboundWebhookEndpoint(input: $input) { secret endpoint { id status eventTypes } }
      }`,
      { input: { url, eventTypes, ...extra } },
      admin,
    );
    expect(response.errors).toBeUndefined();
    return response.data.createOutboundWebhookEndpoint as { secret: string; endpoint: { id: string } };
  };
  const deliveries = async (endpointId: string) =>
    (
      await env.gql<any>(
        `query ($e: ID) { outboundWebhookDeliveries(endpointId: $e, first: 50) { edges { node {
          id eventId eventType status attempts replays replayable lastStatusCode lastError lastResponseBody } } } }`,
        { e: endpointId },
        admin,
      )
    ).data.outboundWebhookDeliveries.edges.map((edge: any) => edge.node);

  it('POSTs each matching event after commit, signed so the standardwebhooks package and node:crypto verify it, once', async () => {
    const partner = await receiver();
    const { secret, endpoint } = await create(partner.url, ['member.registered'], { description: 'CRM' });
    expect(secret).toMatch(/^whsec_/);
    const deliveredBefore = await attempts('delivered');
    const member = await registerMember(env);
    await givePoints(env, member.id, 100); // points.adjusted: not subscribed
    await drain();
    await drain();
    expect(partner.received).toHaveLength(1);
    expect(await attempts('delivered')).toBe(deliveredBefore + 1);
    expect((await register.getSingleMetric('loyalty_outbound_webhook_queue_depth')!.get()).values).toEqual([
      expect.objectContaining({ value: 0 }),
    ]);
    const [delivery] = partner.received;
    const body = JSON.parse(delivery.body);
    expect(body).toMatchObject({ type: 'member.registered', data: { memberId: member.id } });
    expect(delivery.headers['webhook-id']).toBe(body.id);
    expect(new Webhook(secret).verify(delivery.body, delivery.headers as Record<string, string>)).toEqual(
      body,
    );
    expect(verifiedWithNodeCrypto(secret, delivery)).toBe(true);
    expect(await deliveries(endpoint.id)).toMatchObject([
      { status: 'DELIVERED', attempts: 1, lastStatusCode: 200, replayable: true },
    ]);
    const one = await env.gql<any>(
      `query ($id: ID!) { outboundWebhookEndpoint(id: $id) { url description eventTypes status
        filter { memberIds channels storeIds } } }`,
      { id: endpoint.id },
      admin,
    );
    expect(one.data.outboundWebhookEndpoint).toEqual({
      url: partner.url,
      description: 'CRM',
      eventTypes: ['member.registered'],
      status: 'ACTIVE',
      filter: { memberIds: [], channels: [], storeIds: [] },
    });
    const audit = await env.app.db.dataSource.query(
      "SELECT action FROM audit_entry WHERE action = 'outbound-webhook.create'",
    );
    expect(audit.length).toBeGreaterThan(0);
    await partner.close();
  });

  it('stores signing secrets sealed, never as the whsec_ value partners hold, and still signs with a secret stored in clear before', async () => {
    const partner = await receiver();
    const { secret, endpoint } = await create(partner.url, ['member.registered']);
    const stored = async () =>
      (
        (await env.app.db.dataSource.query(
          `SELECT secret FROM outbound_webhook_endpoint WHERE id = ${Number(endpoint.id)}`,
        )) as { secret: string }[]
      )[0].secret;
    const sealed = await stored();
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain(secret.slice('whsec_'.length));
    await registerMember(env);
    await drain();
    expect(verifiedWithNodeCrypto(secret, partner.received[0])).toBe(true);

    // An endpoint created before secrets were sealed keeps its clear secret until its next rotation.
    await env.app.db.dataSource.query(
      `UPDATE outbound_webhook_endpoint SET secret = '${secret}' WHERE id = ${Number(endpoint.id)}`,
    );
    await registerMember(env);
    await drain();
    expect(partner.received).toHaveLength(2);
    expect(verifiedWithNodeCrypto(secret, partner.received[1])).toBe(true);
    const rotated = await env.gql<any>(
      `mutation ($id: ID!) { rotateOutboundWebhookSecret(id: $id, input: { gracePeriodHours: 0 }) { secret } }`,
      { id: endpoint.id },
      admin,
    );
    expect(rotated.errors).toBeUndefined();
    expect(await stored()).toMatch(/^v1:/);
    await env.gql(
      `mutation ($id: ID!) { deleteOutboundWebhookEndpoint(id: $id) }`,
      { id: endpoint.id },
      admin,
    );
    await partner.close();
  });

  it('retries a failing receiver with backoff on the clock, holds the member’s later events behind it, and delivers in order when it comes back', async () => {
    const partner = await receiver();
    partner.state.failing = true;
    const { endpoint } = await create(partner.url, ['member.registered', 'points.adjusted']);
    const member = await registerMember(env);
    await drain();
    expect(partner.received).toHaveLength(1);
    await givePoints(env, member.id, 50);
    await drain();
    expect(partner.received).toHaveLength(1); // the adjustment waits behind the failed registration
    const [failed] = (await deliveries(endpoint.id)).filter((d: any) => d.eventType === 'member.registered');
    expect(failed).toMatchObject({ status: 'PENDING', attempts: 1, lastStatusCode: 503 });
    expect(failed.lastResponseBody).toBe('down for maintenance');

    partner.state.failing = false;
    await drain();
    expect(partner.received).toHaveLength(1); // not due yet: nothing sleeps, the clock decides
    advance(HOUR);
    await drain();
    const types = partner.received.map((r) => JSON.parse(r.body).type);
    expect(types).toEqual(['member.registered', 'member.registered', 'points.adjusted']);
    expect(partner.received[0].headers['webhook-id']).toBe(partner.received[1].headers['webhook-id']);
    expect((await deliveries(endpoint.id)).map((d: any) => d.status)).toEqual(['DELIVERED', 'DELIVERED']);
    await partner.close();
  });

  it('pauses an endpoint after repeated failures with the reason for admins, and resuming delivers what waited', async () => {
    const partner = await receiver();
    partner.state.failing = true;
    const { endpoint } = await create(partner.url, ['member.registered']);
    await registerMember(env);
    await drain();
    advance(HOUR);
    await drain();
    advance(HOUR);
    await drain();
    advance(HOUR);
    await drain();
    expect(partner.received).toHaveLength(3);
    const listed = await env.gql<any>(
      `{ outboundWebhookEndpoints { id status pausedReason consecutiveFailures } }`,
      {},
      admin,
    );
    const paused = listed.data.outboundWebhookEndpoints.find((e: any) => e.id === endpoint.id);
    expect(paused).toMatchObject({ status: 'PAUSED', consecutiveFailures: 3 });
    expect(paused.pausedReason).toContain('HTTP 503');

    partner.state.failing = false;
    const resumed = await env.gql<any>(
      `mutation ($id: ID!) { resumeOutboundWebhookEndpoint(id: $id) { status consecutiveFailures } }`,
      { id: endpoint.id },
      admin,
    );
    expect(resumed.data.resumeOutboundWebhookEndpoint).toEqual({ status: 'ACTIVE', consecutiveFailures: 0 });
    await drain();
    expect(partner.received).toHaveLength(4);
    expect(await deliveries(endpoint.id)).toMatchObject([{ status: 'DELIVERED', attempts: 4 }]);
    await partner.close();
  });

  it('replays one delivery or a range from the log, and signs with both secrets during a rotation', async () => {
    const partner = await receiver();
    const { secret: oldSecret, endpoint } = await create(partner.url, ['member.registered']);
    await registerMember(env);
    await drain();
    const rotated = await env.gql<any>(
      `mutation ($id: ID!) { rotateOutboundWebhookSecret(id: $id, input: { gracePeriodHours: 24 }) {
        secret endpoint { previousSecretExpiresAt } } }`,
      { id: endpoint.id },
      admin,
    );
    const newSecret = rotated.data.rotateOutboundWebhookSecret.secret as string;
    expect(newSecret).not.toBe(oldSecret);
    const [logged] = await deliveries(endpoint.id);
    const replayed = await env.gql<any>(
      `mutation ($id: ID!) { replayOutboundWebhookDelivery(id: $id) { status replays } }`,
      { id: logged.id },
      admin,
    );
    expect(replayed.data.replayOutboundWebhookDelivery).toEqual({ status: 'PENDING', replays: 1 });
    await drain();
    expect(partner.received).toHaveLength(2);
    const again = partner.received[1];
    expect(again.headers['webhook-id']).toBe(partner.received[0].headers['webhook-id']); // dedupe by event id
    expect(String(again.headers['webhook-signature']).split(' ')).toHaveLength(2);
    // The server's business clock is hours ahead by now; webhook-timestamp is the send time on the
    // machine's clock (a transport time), which is what standardwebhooks checks it against (± 5 min).
    expect(verifiedWithNodeCrypto(oldSecret, again)).toBe(true);
    expect(new Webhook(newSecret).verify(again.body, again.headers as Record<string, string>)).toBeTruthy();

    const range = await env.gql<any>(
      `mutation ($e: ID!) { replayOutboundWebhookDeliveries(input: { endpointId: $e, status: DELIVERED }) }`,
      { e: endpoint.id },
      admin,
    );
    expect(range.data.replayOutboundWebhookDeliveries).toBe(1);
    advance(25 * HOUR);
    await drain();
    expect(partner.received).toHaveLength(3);
    expect(String(partner.received[2].headers['webhook-signature']).split(' ')).toHaveLength(1); // grace over
    expect(verifiedWithNodeCrypto(newSecret, partner.received[2])).toBe(true);
    await partner.close();
  });

  it('refuses unknown event types, private addresses and non-admins with codes clients can branch on', async () => {
    const attempt = (input: Record<string, unknown>, token = admin) =>
      env.gql<any>(
        `mutation ($input: CreateOutboundWebhookEndpointInput!) { createOutboundWebhookEndpoint(input: $input) { secret } }`,
        { input },
        token,
      );
    const unknownType = await attempt({ url: 'http://127.0.0.1:9/x', eventTypes: ['points.invented'] });
    expect(unknownType.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const privateHost = await attempt({ url: 'http://10.1.2.3/hooks', eventTypes: ['member.registered'] });
    expect(privateHost.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'url', messages: [expect.stringContaining('private')] }],
    });
    const notUrl = await attempt({ url: 'ftp://example.test/x', eventTypes: ['member.registered'] });
    expect(notUrl.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const staff = await attempt(
      { url: 'http://127.0.0.1:9/x', eventTypes: ['member.registered'] },
      await env.staffToken(),
    );
    expect(staff.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
  const bodiesOf = async (endpointId: string): Promise<string[]> =>
    (
      await env.app.db.dataSource.query(
        'SELECT body FROM outbound_webhook_delivery WHERE endpointId = ? ORDER BY id',
        [Number(endpointId)],
      )
    ).map((row: { body: string }) => row.body);
  const replay = (id: string) =>
    env.gql<any>(`mutation ($id: ID!) { replayOutboundWebhookDelivery(id: $id) { status } }`, { id }, admin);

  it('erasure clears the member’s delivery bodies and cancels what was not sent; the export lists deliveries without bodies', async () => {
    const partner = await receiver();
    const { endpoint } = await create(partner.url, ['member.registered', 'points.adjusted']);
    const member = await registerMember(env);
    await drain();
    expect(partner.received).toHaveLength(1);
    partner.state.failing = true;
    await givePoints(env, member.id, 30);
    await drain();
    expect(partner.received).toHaveLength(2);

    const exported = await env.gql<any>(
      `mutation ($id: ID!) { exportMemberData(id: $id) { data } }`,
      { id: member.id },
      admin,
    );
    const listed = exported.data.exportMemberData.data.outboundWebhookDeliveries.filter(
      (delivery: any) => String(delivery.endpointId) === endpoint.id, // earlier tests' endpoints too
    );
    expect(listed).toEqual([
      expect.objectContaining({ eventType: 'member.registered', status: 'DELIVERED' }),
      expect.objectContaining({ eventType: 'points.adjusted', status: 'PENDING' }),
    ]);
    for (const delivery of listed) expect(delivery).not.toHaveProperty('body');

    const erased = await env.gql<any>(
      `mutation ($id: ID!) { eraseMember(id: $id) { id } }`,
      { id: member.id },
      admin,
    );
    expect(erased.errors).toBeUndefined();
    partner.state.failing = false;
    advance(HOUR);
    await drain();
    expect(partner.received).toHaveLength(2); // the cancelled adjustment never leaves
    const log = await deliveries(endpoint.id);
    expect(log).toMatchObject([
      { eventType: 'points.adjusted', status: 'CANCELLED', replayable: false },
      { eventType: 'member.registered', status: 'DELIVERED', replayable: false },
    ]);
    expect(await bodiesOf(endpoint.id)).toEqual(['', '']);
    expect((await replay(log[1].id)).errors?.[0].extensions?.code).toBe('CONFLICT');
    await partner.close();
  });

  it('a merge moves the merged member’s deliveries to the survivor (their order and export follow the person)', async () => {
    const partner = await receiver();
    const { endpoint } = await create(partner.url, ['member.registered']);
    const survivor = await registerMember(env);
    const duplicate = await registerMember(env);
    await drain();
    const merged = await env.gql<any>(
      `mutation ($s: ID!, $m: ID!) { mergeMembers(survivorId: $s, mergedId: $m) { alreadyMerged } }`,
      { s: survivor.id, m: duplicate.id },
      admin,
    );
    expect(merged.errors).toBeUndefined();
    const rows = await env.app.db.dataSource.query(
      'SELECT memberId FROM outbound_webhook_delivery WHERE endpointId = ? ORDER BY id',
      [Number(endpoint.id)],
    );
    expect(rows.map((row: { memberId: number }) => String(row.memberId))).toEqual([survivor.id, survivor.id]);
    await partner.close();
  });

  it('the retention job clears a delivered body after 14 days and keeps the log row; a cleared delivery cannot be replayed', async () => {
    const partner = await receiver();
    const { endpoint } = await create(partner.url, ['member.registered']);
    await registerMember(env);
    await drain();
    expect(partner.received).toHaveLength(1);
    const job = env.app.core.jobs.find(
      (candidate) => candidate.name === 'outbound-webhook-delivery-retention',
    )!;
    await job.run(new Date(clock.now().getTime() + 13 * DAY));
    expect((await bodiesOf(endpoint.id))[0]).toContain('member.registered');
    const report = await job.run(new Date(clock.now().getTime() + 15 * DAY));
    expect(report.bodiesCleared).toBeGreaterThanOrEqual(1);
    expect(await bodiesOf(endpoint.id)).toEqual(['']);
    const [logged] = await deliveries(endpoint.id);
    expect(logged).toMatchObject({ status: 'DELIVERED', lastStatusCode: 200, replayable: false });
    expect((await replay(logged.id)).errors?.[0].extensions?.code).toBe('CONFLICT');
    // Activity retention keeps every event the fan-out has not read yet (endpoints exist).
    const [cursor] = await env.app.db.dataSource.query('SELECT lastEventId FROM outbound_webhook_cursor');
    expect(
      await env.app.core.activityRetentionHolds.deletableUpTo(env.app.db.manager, Number.MAX_SAFE_INTEGER),
    ).toBe(Number(cursor.lastEventId));
    await partner.close();
  });
  it('sends in the background: a request is answered while a slow partner still holds a delivery open', async () => {
    const partner = await receiver();
    let release!: () => void;
    partner.state.hold = new Promise<void>((resolve) => (release = resolve));
    const arrived = new Promise<void>((resolve) => (partner.state.arrived = resolve));
    const { endpoint } = await create(partner.url, ['member.registered']);
    await registerMember(env);
    const sending = drain();
    await arrived; // the worker has POSTed and waits for the partner's answer
    const next = await registerMember(env); // a request meanwhile: nothing of the delivery is in its path
    expect(next.id).toBeDefined();
    expect(await deliveries(endpoint.id)).toMatchObject([{ status: 'SENDING', attempts: 1 }]);
    release();
    await sending;
    await drain();
    expect(partner.received.map((r) => JSON.parse(r.body).data.memberId)).toEqual([
      expect.any(String),
      next.id,
    ]);
    expect((await deliveries(endpoint.id)).map((d: any) => d.status)).toEqual(['DELIVERED', 'DELIVERED']);
    await partner.close();
  });
});
