/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL answers are read loosely in tests, as in test/ */
import { hmacSha256Hex } from '@loyalty-bff/plugin-sdk';
import {
  createPluginTestEnvironment,
  type PluginTestEnvironment,
} from '../../../src/plugin-system/testing/plugin-test-kit';
import { registerMember } from '../../../test/harness/members.fixtures';
import { balanceOf, expectLedgerConsistent, givePoints } from '../../../test/harness/points.fixtures';
import { FakePartner } from './fake-partner.server';

const SKY = { key: 'sky-outbound-key-123', secret: 'sky-shared-secret-0123456789' };
const FLAKY = { key: 'flaky-outbound-key-1', secret: 'flaky-shared-secret-012345678' };

const agreement = (code: string, endpoint: string, overrides: Record<string, unknown> = {}) => ({
  code,
  name: code.replace('-', ' '),
  endpoint,
  outRate: 0.5,
  inRate: 2,
  minimumPoints: 1000,
  stepPoints: 1000,
  dailyCapPoints: 5000,
  yearlyCapPoints: 20000,
  validFrom: '2020-01-01T00:00:00Z',
  validUntil: '2099-01-01T00:00:00Z',
  outboundValueMinorPer1000: 1200,
  inboundValueMinorPer1000: 800,
  currency: 'EUR',
  ...overrides,
});

describe('partner exchange', () => {
  let env: PluginTestEnvironment;
  const sky = new FakePartner(SKY.key, SKY.secret);
  const flaky = new FakePartner(FLAKY.key, FLAKY.secret);
  const busy = new FakePartner(SKY.key, SKY.secret);
  let sequence = 0;

  const transferOut = async (
    memberId: string,
    points: number,
    options: { partner?: string; key?: string; token?: string } = {},
  ) =>
    env.gql<{ partnerExchangeTransferOut: any }>(
      `mutation ($input: PartnerExchangeTransferOutInput!) { partnerExchangeTransferOut(input: $input) { id status ourPoints partnerPoints lastError } }`,
      {
        input: {
          partnerCode: options.partner ?? 'sky-air',
          memberId,
          partnerMemberId: `SKY${memberId}`,
          points,
          idempotencyKey: options.key ?? `t-${++sequence}`,
        },
      },
      options.token ?? (await env.staffToken()),
    );
  const memberWith = async (points: number) => {
    const member = await registerMember(env);
    if (points > 0) await givePoints(env, member.id, points);
    return member.id;
  };
  const reconcile = () =>
    env.app.plugins.jobs.find((j) => j.name === 'partner-exchange:reconcile-transfers')!.run(new Date());
  const query = (sql: string, parameters: unknown[] = []) =>
    env.app.db.dataSource.query(sql, parameters) as Promise<any[]>;
  const transferRow = async (id: string | number) =>
    (
      await query(`SELECT status, holdId, calls, lastError FROM partner_exchange_transfer WHERE id = ?`, [
        Number(id),
      ])
    )[0];
  const total = async (memberId: string) => {
    const balance = await balanceOf(env, memberId);
    return { available: balance.available, held: balance.held };
  };

  beforeAll(async () => {
    await sky.start();
    await flaky.start();
    await busy.start();
    env = await createPluginTestEnvironment({
      plugins: ['partner-exchange'],
      configure: {
        'partner-exchange': {
          partners: [
            agreement('sky-air', sky.url),
            agreement('old-air', sky.url, { validUntil: '2021-01-01T00:00:00Z' }),
            agreement('flaky-air', flaky.url),
            agreement('busy-air', busy.url),
          ],
          credentials: [
            { code: 'sky-air', outboundApiKey: SKY.key, sharedSecret: SKY.secret },
            { code: 'old-air', outboundApiKey: SKY.key, sharedSecret: SKY.secret },
            { code: 'flaky-air', outboundApiKey: FLAKY.key, sharedSecret: FLAKY.secret },
            { code: 'busy-air', outboundApiKey: SKY.key, sharedSecret: SKY.secret },
          ],
          timeoutMs: 150,
          attempts: 2,
          retryBaseMs: 10,
          breakerThreshold: 3,
          breakerCooldownSeconds: 600,
        },
      },
    });
  });
  afterAll(async () => {
    await env?.stop();
    await sky.stop();
    await flaky.stop();
    await busy.stop();
  });

  describe('outbound transfers', () => {
    it('holds, sends and captures once the partner confirms, and a retry with the same key moves nothing more', async () => {
      const memberId = await memberWith(10_000);
      const first = await transferOut(memberId, 2000, { key: 'same-key' });
      expect(first.data!.partnerExchangeTransferOut).toMatchObject({
        status: 'CONFIRMED',
        ourPoints: 2000,
        partnerPoints: 1000,
      });
      const again = await transferOut(memberId, 2000, { key: 'same-key' });
      expect(again.data!.partnerExchangeTransferOut.id).toBe(first.data!.partnerExchangeTransferOut.id);
      const mismatch = await transferOut(memberId, 3000, { key: 'same-key' });
      expect(mismatch.errors![0].extensions!.code).toBe('IDEMPOTENCY_MISMATCH');
      expect(await total(memberId)).toEqual({ available: 8000, held: 0 });
      expect(sky.credited.get(`lbff-${first.data!.partnerExchangeTransferOut.id}`)).toEqual({
        points: 1000,
        member: `SKY${memberId}`,
      });
      await expectLedgerConsistent(env, memberId);
    });

    it('enforces the minimum, whole blocks and the daily cap, holding nothing for a refused transfer', async () => {
      const memberId = await memberWith(10_000);
      const small = await transferOut(memberId, 500);
      expect(small.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(small.errors![0].message).toMatch(/At least 1000/);
      const partial = await transferOut(memberId, 1500);
      expect(partial.errors![0].message).toMatch(/blocks of 1000/);
      expect((await transferOut(memberId, 4000)).data!.partnerExchangeTransferOut.status).toBe('CONFIRMED');
      const over = await transferOut(memberId, 2000);
      expect(over.errors![0].extensions).toMatchObject({ code: 'LIMIT_REACHED', limit: 'DAILY' });
      expect(await total(memberId)).toEqual({ available: 6000, held: 0 });
      await expectLedgerConsistent(env, memberId);
    });

    it('refuses transfers under an expired agreement, either way', async () => {
      const memberId = await memberWith(5_000);
      const refused = await transferOut(memberId, 1000, { partner: 'old-air' });
      expect(refused.errors![0].extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'AGREEMENT_NOT_VALID',
      });
      expect(await total(memberId)).toEqual({ available: 5000, held: 0 });
    });

    it('lets a member transfer their own points only', async () => {
      const owner = await memberWith(2_000);
      const other = await memberWith(0);
      const forbidden = await transferOut(owner, 1000, { token: await env.memberToken(other) });
      expect(forbidden.errors![0].extensions!.code).toBe('FORBIDDEN');
      const own = await transferOut(owner, 1000, { token: await env.memberToken(owner) });
      expect(own.data!.partnerExchangeTransferOut.status).toBe('CONFIRMED');
    });

    it('releases the points when the partner refuses', async () => {
      const memberId = await memberWith(3_000);
      sky.behaviour = 'reject';
      try {
        const refused = await transferOut(memberId, 2000);
        expect(refused.data!.partnerExchangeTransferOut).toMatchObject({ status: 'REJECTED' });
        expect(refused.data!.partnerExchangeTransferOut.lastError).toMatch(/422/);
      } finally {
        sky.behaviour = 'ok';
      }
      expect(await total(memberId)).toEqual({ available: 3000, held: 0 });
      await expectLedgerConsistent(env, memberId);
    });

    it('loses and creates no points when the partner credits but answers too late, and answers the retries twice', async () => {
      const memberId = await memberWith(4_000);
      const creditedBefore = sky.totalCredited();
      sky.behaviour = 'slow';
      const pending = await transferOut(memberId, 2000);
      const transfer = pending.data!.partnerExchangeTransferOut;
      // Both calls timed out: the points stay held (not lost, not spent) and the transfer waits.
      expect(transfer).toMatchObject({ status: 'UNCONFIRMED' });
      expect(transfer.lastError).toMatch(/no answer within 150 ms/);
      expect(await total(memberId)).toEqual({ available: 2000, held: 2000 });
      // The partner credited the transfer id once, however many times it was asked.
      expect(sky.totalCredited() - creditedBefore).toBe(1000);
      sky.behaviour = 'ok';
      // Two reconcile runs at once both hear "credited": the hold is captured once.
      const runs = await Promise.all([reconcile(), reconcile()]);
      expect(runs.some((r) => r.confirmed === 1)).toBe(true);
      expect(await total(memberId)).toEqual({ available: 2000, held: 0 });
      expect(sky.totalCredited() - creditedBefore).toBe(1000);
      expect((await reconcile()).checked).toBe(0);
      await expectLedgerConsistent(env, memberId);
    });

    it('opens the circuit after repeated failures, keeping unanswered points held and refusing new transfers before holding', async () => {
      const memberId = await memberWith(5_000);
      flaky.behaviour = 'fail';
      const first = await transferOut(memberId, 1000, { partner: 'flaky-air' });
      expect(first.data!.partnerExchangeTransferOut.status).toBe('UNCONFIRMED');
      const second = await transferOut(memberId, 1000, { partner: 'flaky-air' });
      expect(second.data!.partnerExchangeTransferOut.status).toBe('UNCONFIRMED');
      expect(flaky.requests).toBe(3); // the third failure in a row opened the circuit
      const refused = await transferOut(memberId, 1000, { partner: 'flaky-air' });
      expect(refused.errors![0].extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'PARTNER_UNAVAILABLE',
      });
      expect(await total(memberId)).toEqual({ available: 3000, held: 2000 });
      expect(flaky.totalCredited()).toBe(0);
      // While the circuit is open the reconcile job does not call the partner and keeps the points held.
      await reconcile();
      expect(flaky.requests).toBe(3);
      expect(await total(memberId)).toEqual({ available: 3000, held: 2000 });
      // A transfer a crash left RESERVED mid-call (its call counted before it left) is not released
      // as "never sent" while the circuit is open: the partner may have credited it.
      await query(`UPDATE partner_exchange_transfer SET status = 'RESERVED', updatedAt = ? WHERE id = ?`, [
        '2000-01-01 00:00:00.000',
        Number(first.data!.partnerExchangeTransferOut.id),
      ]);
      await reconcile();
      expect((await transferRow(first.data!.partnerExchangeTransferOut.id)).status).not.toBe('FAILED');
      expect(await total(memberId)).toEqual({ available: 3000, held: 2000 });
      await expectLedgerConsistent(env, memberId);
    });

    it('counts the call as made before the request leaves, so an interrupted transfer is never taken for unsent', async () => {
      const memberId = await memberWith(2_000);
      const before = busy.requests;
      busy.behaviour = 'slow';
      try {
        const pending = transferOut(memberId, 1000, { partner: 'busy-air' });
        while (busy.requests === before) await new Promise((resolve) => setTimeout(resolve, 5));
        const [row] = await query(
          `SELECT status, calls FROM partner_exchange_transfer WHERE memberId = ? AND direction = 'OUT'`,
          [Number(memberId)],
        );
        expect({ status: row.status, calls: Number(row.calls) }).toEqual({ status: 'RESERVED', calls: 1 });
        expect((await pending).data!.partnerExchangeTransferOut.status).toBe('UNCONFIRMED');
      } finally {
        busy.behaviour = 'ok';
      }
      await reconcile();
      expect(await total(memberId)).toEqual({ available: 1000, held: 0 });
    });

    it('treats 409 as no answer, and after an unanswered call accepts only an explicit rejection of this transfer', async () => {
      const memberId = await memberWith(3_000);
      busy.behaviour = 'busy';
      const sent = await transferOut(memberId, 2000, { partner: 'busy-air' });
      expect(sent.data!.partnerExchangeTransferOut).toMatchObject({ status: 'UNCONFIRMED' });
      const id = sent.data!.partnerExchangeTransferOut.id;
      // A bare 400 names no transfer: the first call may still have credited, so the points stay held.
      busy.behaviour = 'bad-request';
      await reconcile();
      expect(await transferRow(id)).toMatchObject({ status: 'UNCONFIRMED' });
      expect(await total(memberId)).toEqual({ available: 1000, held: 2000 });
      busy.behaviour = 'reject';
      await reconcile();
      expect(await transferRow(id)).toMatchObject({ status: 'REJECTED' });
      expect(await total(memberId)).toEqual({ available: 3000, held: 0 });
      busy.behaviour = 'ok';
      await expectLedgerConsistent(env, memberId);
    });

    it('keeps reconciling past a transfer that fails, recording why, and least recently tried first', async () => {
      const memberId = await memberWith(2_000);
      busy.behaviour = 'down';
      let transfer: any;
      try {
        transfer = (await transferOut(memberId, 1000, { partner: 'busy-air' })).data!
          .partnerExchangeTransferOut;
      } finally {
        busy.behaviour = 'ok';
      }
      expect(transfer.status).toBe('UNCONFIRMED');
      // A transfer of a partner no longer configured fails on every run, and is the oldest.
      await query(
        `INSERT INTO partner_exchange_transfer (direction, partnerCode, memberId, externalId, partnerMemberId, ourPoints, partnerPoints, status, holdId, partnerReference, calls, lastError, createdAt, updatedAt) VALUES ('OUT', 'gone-air', ?, 'gone-1', 'X', 1000, 500, 'UNCONFIRMED', NULL, NULL, 1, NULL, ?, ?)`,
        [Number(memberId), '2000-01-01 00:00:00.000', '2000-01-01 00:00:00.000'],
      );
      const run = await reconcile();
      expect(run).toMatchObject({ errors: 1 });
      expect(await transferRow(transfer.id)).toMatchObject({ status: 'CONFIRMED' });
      const [gone] = await query(
        `SELECT lastError FROM partner_exchange_transfer WHERE externalId = 'gone-1'`,
      );
      expect(gone.lastError).toMatch(/reconcile: No partner gone-air/);
      await query(`UPDATE partner_exchange_transfer SET status = 'FAILED' WHERE externalId = 'gone-1'`);
      expect(await total(memberId)).toEqual({ available: 1000, held: 0 });
    });

    it('holds transferred points beyond the core expiry job, and claws back when the partner confirms a released hold', async () => {
      const memberId = await memberWith(3_000);
      busy.behaviour = 'down';
      let transfer: any;
      try {
        transfer = (await transferOut(memberId, 2000, { partner: 'busy-air' })).data!
          .partnerExchangeTransferOut;
      } finally {
        busy.behaviour = 'ok';
      }
      const { holdId } = await transferRow(transfer.id);
      const [hold] = await query(`SELECT expiresAt FROM points_hold WHERE id = ?`, [Number(holdId)]);
      expect(new Date(hold.expiresAt).getTime()).toBeGreaterThan(Date.now() + 5 * 365 * 86_400_000);
      const job = env.app.core.jobs.find((j) => j.name === 'points-release-expired-holds')!;
      await job.run(new Date(Date.now() + 60 * 86_400_000));
      expect(await total(memberId)).toEqual({ available: 1000, held: 2000 });
      // Staff release the hold by hand; then the partner answers that it credited the transfer.
      await env.app.db.transaction((manager) =>
        env.app.core.services.ledger.releaseHold(manager, Number(holdId), 'released by support'),
      );
      expect(await total(memberId)).toEqual({ available: 3000, held: 0 });
      await reconcile();
      const after = await transferRow(transfer.id);
      expect(after.status).toBe('CONFIRMED');
      expect(after.lastError).toMatch(/2000 of 2000 points clawed back/);
      expect(await total(memberId)).toEqual({ available: 1000, held: 0 });
      await expectLedgerConsistent(env, memberId);
    });
  });

  describe('inbound transfers', () => {
    let apiKey: string;
    const receive = (input: Record<string, unknown>, key = apiKey) =>
      env
        .http()
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('x-api-key', key)
        .send({
          query: `mutation ($input: PartnerExchangeReceiveTransferInput!) { partnerExchangeReceiveTransfer(input: $input) { duplicate transfer { status ourPoints partnerPoints } } }`,
          variables: { input },
        })
        .then((r) => r.body as { data?: any; errors?: any[] });
    const signed = (
      fields: { partnerTransferId: string; memberId: string; partnerPoints: number },
      secret = SKY.secret,
      timestamp = Math.floor(Date.now() / 1000),
    ) => ({
      partnerCode: 'sky-air',
      ...fields,
      timestamp,
      signature: hmacSha256Hex(
        secret,
        `${timestamp}.sky-air.${fields.partnerTransferId}.${fields.memberId}.${fields.partnerPoints}`,
      ),
    });

    beforeAll(async () => {
      const issued = await env.gql<{ issuePartnerApiKey: { key: string } }>(
        `mutation { issuePartnerApiKey(input: { plugin: "partner-exchange", label: "Sky Air", scopes: ["points:earn"] }) { key } }`,
        {},
        await env.adminToken(),
      );
      apiKey = issued.data!.issuePartnerApiKey.key;
    });

    it('credits a signed transfer once by the partner transfer id, and refuses another content under the same id', async () => {
      const memberId = await memberWith(0);
      const input = signed({ partnerTransferId: 'SKY-T-1', memberId, partnerPoints: 2000 });
      const first = await receive(input);
      expect(first.data.partnerExchangeReceiveTransfer).toEqual({
        duplicate: false,
        transfer: { status: 'CREDITED', ourPoints: 4000, partnerPoints: 2000 },
      });
      expect((await receive(input)).data.partnerExchangeReceiveTransfer.duplicate).toBe(true);
      const changed = await receive(signed({ partnerTransferId: 'SKY-T-1', memberId, partnerPoints: 3000 }));
      expect(changed.errors![0].extensions.code).toBe('IDEMPOTENCY_MISMATCH');
      expect(await total(memberId)).toEqual({ available: 4000, held: 0 });
      // 4,000 of the 5,000 daily cap are used: 2,000 more of ours is refused with nothing credited.
      const over = await receive(signed({ partnerTransferId: 'SKY-T-2', memberId, partnerPoints: 1000 }));
      expect(over.errors![0].extensions).toMatchObject({ code: 'LIMIT_REACHED' });
      expect(await total(memberId)).toEqual({ available: 4000, held: 0 });
      await expectLedgerConsistent(env, memberId);
    });

    it('refuses a wrong or stale signature, an expired agreement, bearer tokens and keys without the scope', async () => {
      const memberId = await memberWith(0);
      const fields = { partnerTransferId: 'SKY-T-9', memberId, partnerPoints: 1000 };
      expect((await receive(signed(fields, 'not-the-shared-secret-000'))).errors![0].extensions.code).toBe(
        'UNAUTHENTICATED',
      );
      const stale = signed(fields, SKY.secret, Math.floor(Date.now() / 1000) - 600);
      expect((await receive(stale)).errors![0].extensions.code).toBe('UNAUTHENTICATED');
      const expired = { ...signed(fields), partnerCode: 'old-air' };
      const t = expired.timestamp;
      expired.signature = hmacSha256Hex(SKY.secret, `${t}.old-air.SKY-T-9.${memberId}.1000`);
      expect((await receive(expired)).errors![0].extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'AGREEMENT_NOT_VALID',
      });
      const staff = await env.gql(
        `mutation ($input: PartnerExchangeReceiveTransferInput!) { partnerExchangeReceiveTransfer(input: $input) { duplicate } }`,
        { input: signed(fields) },
        await env.adminToken(),
      );
      expect(staff.errors![0].extensions!.code).toBe('FORBIDDEN');
      const readOnly = await env.gql<{ issuePartnerApiKey: { key: string } }>(
        `mutation { issuePartnerApiKey(input: { plugin: "partner-exchange", label: "Reader", scopes: ["members:read"] }) { key } }`,
        {},
        await env.adminToken(),
      );
      const noScope = await receive(signed(fields), readOnly.data!.issuePartnerApiKey.key);
      expect(noScope.errors![0].extensions.code).toBe('FORBIDDEN');
      expect(await total(memberId)).toEqual({ available: 0, held: 0 });
    });
  });

  describe('for admins', () => {
    it('settles the period: what the partner credited, what we credited, and what is owed', async () => {
      const day = new Date();
      const from = new Date(
        Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()),
      ).toISOString();
      const to = new Date(Date.parse(from) + 2 * 86_400_000).toISOString();
      const response = await env.gql<{ partnerExchangeSettlement: any }>(
        `query ($input: PartnerExchangeSettlementInput!) { partnerExchangeSettlement(input: $input) { currency netMinor outbound { transfers ourPoints partnerPoints valueMinor } inbound { transfers ourPoints partnerPoints valueMinor } } }`,
        { input: { partnerCode: 'sky-air', from, to } },
        await env.adminToken(),
      );
      const report = response.data!.partnerExchangeSettlement;
      // Exactly what the fake partner credited is what we owe for: 1,000 + 2,000 + 500 + 1,000 partner points.
      expect(report.outbound).toEqual({
        transfers: 4,
        ourPoints: 9000,
        partnerPoints: sky.totalCredited(),
        valueMinor: Math.round((sky.totalCredited() * 1200) / 1000),
      });
      expect(sky.totalCredited()).toBe(4500);
      expect(report.inbound).toEqual({
        transfers: 1,
        ourPoints: 4000,
        partnerPoints: 2000,
        valueMinor: 3200,
      });
      expect(report.netMinor).toBe(3200 - 5400);
      expect(report.currency).toBe('EUR');
    });

    it('shows partner health: volumes, success and failure rates and the breaker', async () => {
      const response = await env.gql<{ partnerExchangeHealth: any[] }>(
        `query { partnerExchangeHealth { partnerCode agreementActive breaker outboundTransfers confirmed failed unconfirmed inboundTransfers successRate failureRate } }`,
        {},
        await env.adminToken(),
      );
      const byCode = Object.fromEntries(response.data!.partnerExchangeHealth.map((h) => [h.partnerCode, h]));
      expect(byCode['sky-air']).toMatchObject({
        breaker: 'CLOSED',
        confirmed: 4,
        failed: 1,
        unconfirmed: 0,
        inboundTransfers: 1,
      });
      expect(byCode['sky-air'].successRate).toBeCloseTo(0.8);
      expect(byCode['flaky-air']).toMatchObject({ breaker: 'OPEN', unconfirmed: 2, confirmed: 0 });
      expect(byCode['old-air'].agreementActive).toBe(false);
      const staff = await env.gql(
        `query { partnerExchangeHealth { partnerCode } }`,
        {},
        await env.staffToken(),
      );
      expect(staff.errors![0].extensions!.code).toBe('FORBIDDEN');
    });
  });
});
