import { Coupon } from '../../src/modules/rewards/coupon.entity';
import { RewardRedemption } from '../../src/modules/rewards/reward-redemption.entity';
import { Reward } from '../../src/modules/rewards/reward.entity';
import { registerMember } from '../harness/members.fixtures';
import { expectLedgerConsistent, givePoints } from '../harness/points.fixtures';
import {
  createTestEnvironment,
  type GraphQLResponse,
  type TestEnvironment,
} from '../harness/test-environment';

const REDEEM = `mutation ($rewardId: ID!, $memberId: ID!, $key: String!) {
  redeemReward(rewardId: $rewardId, memberId: $memberId, idempotencyKey: $key) { id } }`;
const CANCEL = `mutation ($id: ID!) { cancelRedemption(id: $id) { id status } }`;

type Redeemed = GraphQLResponse<{ redeemReward: { id: string } }>;

/** Races that matter on MariaDB (SQLite queues transactions, so there they prove the same rules serially). */
describe('rewards under concurrency', () => {
  let env: TestEnvironment;
  let staff: string;
  let sequence = 0;

  beforeAll(async () => {
    env = await createTestEnvironment();
    staff = await env.staffToken();
  });
  afterAll(() => env.stop());

  async function createReward(input: Record<string, unknown>): Promise<string> {
    const response = await env.gql<{ createReward: { id: string } }>(
      `mutation ($input: CreateRewardInput!) { createReward(input: $input) { id } }`,
      {
        input: {
          code: `RACE-${process.pid}-${++sequence}`,
          name: 'Race',
          type: 'COUPON',
          discountKind: 'PERCENT',
          discountValue: 10,
          ...input,
        },
      },
      await env.adminToken(),
    );
    if (!response.data) throw new Error(JSON.stringify(response.errors));
    return response.data.createReward.id;
  }

  const redeem = (rewardId: string, memberId: string, key: string) =>
    env.gql(REDEEM, { rewardId, memberId, key }, staff) as Promise<Redeemed>;
  const balance = async (memberId: string) =>
    (await env.app.core.services.ledger.balanceOf(env.app.db.manager, Number(memberId))).available;
  const codes = (responses: GraphQLResponse[]) =>
    responses.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK');

  it('sells exactly the stock when 20 members redeem the last 5 units at once', async () => {
    const rewardId = await createReward({ pointsPrice: 300, stock: 5 });
    const members: string[] = [];
    for (let i = 0; i < 20; i++) {
      const member = await registerMember(env);
      await givePoints(env, member.id, 1000);
      members.push(member.id);
    }
    const responses = await Promise.all(
      members.map((id, i) => redeem(rewardId, id, `stock-race-${sequence}-${i}`)),
    );

    const outcome = codes(responses);
    expect(outcome.filter((c) => c === 'OK')).toHaveLength(5);
    expect(outcome.filter((c) => c !== 'OK').every((c) => c === 'OUT_OF_STOCK')).toBe(true);
    const reward = await env.app.db.manager.findOneByOrFail(Reward, { id: Number(rewardId) });
    expect(reward).toMatchObject({ stock: 0, redeemedCount: 5 });
    expect(await env.app.db.manager.countBy(RewardRedemption, { rewardId: Number(rewardId) })).toBe(5);
    expect(await env.app.db.manager.countBy(Coupon, { rewardId: Number(rewardId) })).toBe(5);
    for (const [i, memberId] of members.entries()) {
      expect(await balance(memberId)).toBe(outcome[i] === 'OK' ? 700 : 1000);
      await expectLedgerConsistent(env, memberId);
    }
  });

  it('keeps one member within the per-member limit when they redeem 10 times at once', async () => {
    const rewardId = await createReward({ pointsPrice: 100, perMemberLimit: 3 });
    const member = await registerMember(env);
    await givePoints(env, member.id, 5000);
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => redeem(rewardId, member.id, `limit-race-${sequence}-${i}`)),
    );

    const outcome = codes(responses);
    expect(outcome.filter((c) => c === 'OK')).toHaveLength(3);
    expect(outcome.filter((c) => c !== 'OK').every((c) => c === 'LIMIT_REACHED')).toBe(true);
    expect(await env.app.db.manager.countBy(RewardRedemption, { memberId: Number(member.id) })).toBe(3);
    expect(await balance(member.id)).toBe(4700);
    await expectLedgerConsistent(env, member.id);
  });

  it('never spends more than the balance when one member redeems many rewards at once', async () => {
    const rewardId = await createReward({ pointsPrice: 300 });
    const member = await registerMember(env);
    await givePoints(env, member.id, 1000);
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) => redeem(rewardId, member.id, `balance-race-${sequence}-${i}`)),
    );

    const outcome = codes(responses);
    expect(outcome.filter((c) => c === 'OK')).toHaveLength(3);
    expect(outcome.filter((c) => c !== 'OK').every((c) => c === 'INSUFFICIENT_POINTS')).toBe(true);
    expect(await balance(member.id)).toBe(100);
    expect(await env.app.db.manager.findOneByOrFail(Reward, { id: Number(rewardId) })).toMatchObject({
      redeemedCount: 3,
    });
    await expectLedgerConsistent(env, member.id);
  });

  it('redeems once for concurrent retries with one idempotency key', async () => {
    const rewardId = await createReward({ pointsPrice: 100, stock: 10 });
    const member = await registerMember(env);
    await givePoints(env, member.id, 1000);
    const key = `same-key-${sequence}`;
    const responses = await Promise.all(Array.from({ length: 6 }, () => redeem(rewardId, member.id, key)));

    expect(codes(responses).every((c) => c === 'OK')).toBe(true);
    expect(new Set(responses.map((r) => r.data!.redeemReward.id)).size).toBe(1);
    expect(await balance(member.id)).toBe(900);
    expect(await env.app.db.manager.findOneByOrFail(Reward, { id: Number(rewardId) })).toMatchObject({
      stock: 9,
    });
  });

  it('cancels once when the same redemption is cancelled concurrently', async () => {
    const rewardId = await createReward({ pointsPrice: 250, stock: 4 });
    const member = await registerMember(env);
    await givePoints(env, member.id, 1000);
    const redeemed = await redeem(rewardId, member.id, `cancel-race-${sequence}`);
    const id = redeemed.data!.redeemReward.id;
    const responses = await Promise.all(Array.from({ length: 5 }, () => env.gql(CANCEL, { id }, staff)));

    const outcome = codes(responses);
    expect(outcome.filter((c) => c === 'OK')).toHaveLength(1);
    expect(outcome.filter((c) => c !== 'OK').every((c) => c === 'CONFLICT')).toBe(true);
    expect(await balance(member.id)).toBe(1000);
    expect(await env.app.db.manager.findOneByOrFail(Reward, { id: Number(rewardId) })).toMatchObject({
      stock: 4,
      redeemedCount: 0,
    });
    await expectLedgerConsistent(env, member.id);
  });
});
