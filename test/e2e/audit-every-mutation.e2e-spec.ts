import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { seedTiers } from '../../seeds/demo-tiers';
import { hmacSha256Hex } from '../../src/plugin-system/sdk';
import {
  createPluginTestEnvironment,
  type PluginTestEnvironment,
} from '../../src/plugin-system/testing/plugin-test-kit';
import { registerMember } from '../harness/members.fixtures';
import { createEarningRule, orderInput, recordOrder, upsertProducts } from '../harness/orders.fixtures';
import { givePoints } from '../harness/points.fixtures';
import { rootFields, servedSchema } from '../harness/schema-walk';

const GREEDY = path.join(__dirname, 'plugins-fixtures', 'greedy');
const GREEDY_SECRET = 'greedy-secret-value';

interface Call {
  query: string;
  variables?: Record<string, unknown>;
  role?: 'staff' | 'admin';
}

/**
 * "Every write (by anyone) writes an audit entry in the same transaction" (README), checked for every
 * mutation the server answers: each one is called once with a minimal valid input and must leave an
 * audit entry carrying that request's id. A mutation that is neither called here nor exempted (with
 * the reason) fails the first test, so a new mutation cannot skip the audit log unnoticed.
 */
describe('every mutation writes an audit entry', () => {
  let env: PluginTestEnvironment;
  /** Ids made by earlier calls, read by later ones (the calls run in the order listed). */
  const made: Record<string, string> = {};
  const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

  /** Mutations that legitimately write no audit entry, and why. */
  const EXEMPT: Record<string, string> = {
    recomputeRecommendations:
      'runs the hourly recommendations job now: derived model rows only, no record of anyone changes',
  };

  const staffOk = async <T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const response = await env.gql<T>(query, variables, await env.adminToken());
    if (response.errors) throw new Error(`${query}: ${JSON.stringify(response.errors)}`);
    return response.data!;
  };
  const newMember = async () => (await registerMember(env)).id;
  const richMember = async () => {
    const id = await newMember();
    await givePoints(env, id, 5_000);
    return id;
  };

  /** In order: later calls use what earlier ones made. */
  const CALLS: [string, () => Promise<Call>][] = [
    [
      'registerMember',
      async () => ({
        query: `mutation ($e: String!) { registerMember(input: { joinChannel: "pos", email: $e }) { id } }`,
        variables: { e: `${unique('audit')}@example.com` },
      }),
    ],
    [
      'updateMemberProfile',
      async () => ({
        query: `mutation ($id: ID!) { updateMemberProfile(id: $id, input: { firstName: "Grace" }) { id } }`,
        variables: { id: await newMember() },
      }),
    ],
    [
      'updateCommunicationPreferences',
      async () => ({
        query: `mutation ($id: ID!) { updateCommunicationPreferences(id: $id, input: { email: true }) { id } }`,
        variables: { id: await newMember() },
      }),
    ],
    [
      'linkChannelIdentity',
      async () => {
        made.linked = await newMember();
        return {
          query: `mutation ($id: ID!) { linkChannelIdentity(memberId: $id, identity: { channel: "pos", externalId: "audit-card-1" }) { id } }`,
          variables: { id: made.linked },
        };
      },
    ],
    [
      'unlinkChannelIdentity',
      async () => ({
        query: `mutation ($id: ID!) { unlinkChannelIdentity(memberId: $id, identity: { channel: "pos", externalId: "audit-card-1" }) { id } }`,
        variables: { id: made.linked },
      }),
    ],
    [
      'closeMembership',
      async () => {
        made.closed = await newMember();
        return {
          query: `mutation ($id: ID!) { closeMembership(id: $id, input: { reason: MOVED_AWAY }) { id } }`,
          variables: { id: made.closed },
        };
      },
    ],
    [
      'reactivateMembership',
      async () => ({
        query: `mutation ($id: ID!) { reactivateMembership(id: $id) { id } }`,
        variables: { id: made.closed },
      }),
    ],
    [
      'mergeMembers',
      async () => ({
        query: `mutation ($s: ID!, $m: ID!) { mergeMembers(survivorId: $s, mergedId: $m) { alreadyMerged } }`,
        variables: { s: await newMember(), m: await newMember() },
      }),
    ],
    [
      'exportMemberData',
      async () => ({
        query: `mutation ($id: ID!) { exportMemberData(id: $id) { __typename } }`,
        variables: { id: await newMember() },
      }),
    ],
    [
      'eraseMember',
      async () => ({
        query: `mutation ($id: ID!) { eraseMember(id: $id) { id } }`,
        variables: { id: await newMember() },
        role: 'admin',
      }),
    ],
    [
      'adjustPoints',
      async () => ({
        query: `mutation ($id: ID!, $k: String!) { adjustPoints(input: { memberId: $id, points: 10, reason: "goodwill", idempotencyKey: $k }) { points } }`,
        variables: { id: await newMember(), k: unique('adj') },
      }),
    ],
    [
      'authorisePointsPayment',
      async () => {
        made.payer = await richMember();
        return {
          query: `mutation ($id: ID!, $k: String!) { authorisePointsPayment(input: { memberId: $id, amountMinor: 100, currency: "EUR", paymentReference: "audit-pay-1", idempotencyKey: $k }) { points } }`,
          variables: { id: made.payer, k: unique('auth') },
        };
      },
    ],
    [
      'capturePointsPayment',
      async () => ({
        query: `mutation { capturePointsPayment(paymentReference: "audit-pay-1") { points } }`,
      }),
    ],
    [
      'refundPointsPayment',
      async () => ({
        query: `mutation ($k: String!) { refundPointsPayment(input: { paymentReference: "audit-pay-1", idempotencyKey: $k }) { points } }`,
        variables: { k: unique('refund') },
      }),
    ],
    [
      'releasePointsPayment',
      async () => {
        await staffOk(
          `mutation ($id: ID!, $k: String!) { authorisePointsPayment(input: { memberId: $id, amountMinor: 100, currency: "EUR", paymentReference: "audit-pay-2", idempotencyKey: $k }) { points } }`,
          { id: made.payer, k: unique('auth') },
        );
        return { query: `mutation { releasePointsPayment(paymentReference: "audit-pay-2") { points } }` };
      },
    ],
    [
      'updatePointsPolicy',
      async () => ({
        query: `mutation { updatePointsPolicy(input: { expiryWarningDays: 21 }) { currency } }`,
        role: 'admin',
      }),
    ],
    [
      'upsertProduct',
      async () => ({
        query: `mutation { upsertProduct(input: { sku: "AUDIT-SKU", title: "Beans", category: "coffee", priceMinor: 1000, currency: "EUR" }) { id } }`,
        role: 'admin',
      }),
    ],
    [
      'createEarningRule',
      async () => ({
        query: `mutation { createEarningRule(input: { name: "Audit rule", kind: ORDER_FIXED, parameters: { points: 5 } }) { id } }`,
        role: 'admin',
      }),
    ],
    [
      'updateEarningRule',
      async () => {
        made.rule = await createEarningRule(env, {
          name: 'Audit rule 2',
          kind: 'ORDER_FIXED',
          parameters: { points: 5 },
        });
        return {
          query: `mutation ($id: ID!) { updateEarningRule(id: $id, input: { name: "Audit rule 2b" }) { id } }`,
          variables: { id: made.rule },
          role: 'admin',
        };
      },
    ],
    [
      'deactivateEarningRule',
      async () => ({
        query: `mutation ($id: ID!) { deactivateEarningRule(id: $id) { id } }`,
        variables: { id: made.rule },
        role: 'admin',
      }),
    ],
    [
      'awardBehaviour',
      async () => {
        await createEarningRule(env, {
          name: 'Green action',
          kind: 'BEHAVIOUR',
          parameters: { behaviour: 'GREEN_ACTION', points: 10 },
        });
        return {
          query: `mutation ($id: ID!) { awardBehaviour(memberId: $id, behaviour: GREEN_ACTION, reference: "audit-green-1") { points } }`,
          variables: { id: await newMember() },
        };
      },
    ],
    [
      'createTier',
      async () => ({
        query: `mutation { createTier(input: { code: "AUDIT", name: "Audit", rank: 90, minimumSpendMinor: 1000000 }) { code } }`,
        role: 'admin',
      }),
    ],
    [
      'updateTier',
      async () => ({
        query: `mutation { updateTier(code: "AUDIT", input: { name: "Audited" }) { code } }`,
        role: 'admin',
      }),
    ],
    [
      'updateTierSettings',
      async () => ({
        query: `mutation { updateTierSettings(input: { graceDays: 30 }) { __typename } }`,
        role: 'admin',
      }),
    ],
    [
      'assignTier',
      async () => {
        made.tiered = await newMember();
        return {
          query: `mutation ($id: ID!) { assignTier(memberId: $id, tierCode: "AUDIT", reason: "VIP guest") { __typename } }`,
          variables: { id: made.tiered },
        };
      },
    ],
    [
      'releaseTierAssignment',
      async () => ({
        query: `mutation ($id: ID!) { releaseTierAssignment(memberId: $id) { __typename } }`,
        variables: { id: made.tiered },
      }),
    ],
    [
      'recordOrder',
      async () => {
        made.buyer = await newMember();
        const input = orderInput(made.buyer, [['AUDIT-SKU', 2, 1000]]);
        made.externalOrderId = String(input.externalOrderId);
        return {
          query: `mutation ($input: RecordOrderInput!) { recordOrder(input: $input) { id } }`,
          variables: { input },
        };
      },
    ],
    [
      'refundOrder',
      async () => ({
        query: `mutation ($e: String!) { refundOrder(input: { channel: "online-store", externalOrderId: $e, refundId: "audit-refund-1", amountMinor: 500, kind: REFUND }) { refund { id } } }`,
        variables: { e: made.externalOrderId },
      }),
    ],
    [
      'createReward',
      async () => ({
        query: `mutation { createReward(input: { code: "AUDIT-GIFT", name: "Mug", type: GIFT, pointsPrice: 100, stock: 5 }) { id } }`,
        role: 'admin',
      }),
    ],
    [
      'updateReward',
      async () => {
        const rewards = await staffOk<{ rewards: { edges: { node: { id: string; code: string } }[] } }>(
          `query { rewards(first: 100) { edges { node { id code } } } }`,
        );
        made.gift = rewards.rewards.edges.find((e) => e.node.code === 'AUDIT-GIFT')!.node.id;
        return {
          query: `mutation ($id: ID!) { updateReward(id: $id, input: { name: "Big mug" }) { id } }`,
          variables: { id: made.gift },
          role: 'admin',
        };
      },
    ],
    [
      'restockReward',
      async () => ({
        query: `mutation ($id: ID!) { restockReward(id: $id, quantity: 2, reason: "Delivery arrived") { id } }`,
        variables: { id: made.gift },
        role: 'admin',
      }),
    ],
    [
      'redeemReward',
      async () => ({
        query: `mutation ($r: ID!, $m: ID!, $k: String!) { redeemReward(rewardId: $r, memberId: $m, idempotencyKey: $k) { id } }`,
        variables: { r: made.gift, m: await richMember(), k: unique('redeem') },
      }),
    ],
    [
      'updateRedemptionFulfilment',
      async () => {
        const redeemed = await staffOk<{ redeemReward: { id: string } }>(
          `mutation ($r: ID!, $m: ID!, $k: String!) { redeemReward(rewardId: $r, memberId: $m, idempotencyKey: $k) { id } }`,
          { r: made.gift, m: await richMember(), k: unique('redeem') },
        );
        return {
          query: `mutation ($id: ID!) { updateRedemptionFulfilment(id: $id, status: SHIPPED) { id } }`,
          variables: { id: redeemed.redeemReward.id },
        };
      },
    ],
    [
      'cancelRedemption',
      async () => {
        const redeemed = await staffOk<{ redeemReward: { id: string } }>(
          `mutation ($r: ID!, $m: ID!, $k: String!) { redeemReward(rewardId: $r, memberId: $m, idempotencyKey: $k) { id } }`,
          { r: made.gift, m: await richMember(), k: unique('redeem') },
        );
        return {
          query: `mutation ($id: ID!) { cancelRedemption(id: $id) { id } }`,
          variables: { id: redeemed.redeemReward.id },
        };
      },
    ],
    [
      'redeemCoupon',
      async () => {
        const coupon = await staffOk<{ createReward: { id: string } }>(
          `mutation { createReward(input: { code: "AUDIT-COUPON", name: "10% off", type: COUPON, pointsPrice: 100, discountKind: PERCENT, discountValue: 10, couponValidityDays: 30 }) { id } }`,
        );
        made.couponReward = coupon.createReward.id;
        const redeemed = await staffOk<{ redeemReward: { coupon: { code: string } } }>(
          `mutation ($r: ID!, $m: ID!, $k: String!) { redeemReward(rewardId: $r, memberId: $m, idempotencyKey: $k) { coupon { code } } }`,
          { r: coupon.createReward.id, m: await richMember(), k: unique('redeem') },
        );
        return {
          query: `mutation ($c: String!) { redeemCoupon(code: $c) { id } }`,
          variables: { c: redeemed.redeemReward.coupon.code },
        };
      },
    ],
    [
      'voidCoupon',
      async () => {
        const redeemed = await staffOk<{ redeemReward: { coupon: { id: string } } }>(
          `mutation ($r: ID!, $m: ID!, $k: String!) { redeemReward(rewardId: $r, memberId: $m, idempotencyKey: $k) { coupon { id } } }`,
          { r: made.couponReward, m: await richMember(), k: unique('redeem') },
        );
        return {
          query: `mutation ($id: ID!, $k: String!) { voidCoupon(id: $id, reason: "Sent by mistake", idempotencyKey: $k) { id } }`,
          variables: { id: redeemed.redeemReward.coupon.id, k: unique('void') },
        };
      },
    ],
    [
      'reissueCoupon',
      async () => {
        const redeemed = await staffOk<{ redeemReward: { coupon: { id: string } } }>(
          `mutation ($r: ID!, $m: ID!, $k: String!) { redeemReward(rewardId: $r, memberId: $m, idempotencyKey: $k) { coupon { id } } }`,
          { r: made.couponReward, m: await richMember(), k: unique('redeem') },
        );
        return {
          query: `mutation ($id: ID!, $k: String!) { reissueCoupon(id: $id, reason: "Code lost", idempotencyKey: $k) { id } }`,
          variables: { id: redeemed.redeemReward.coupon.id, k: unique('reissue') },
        };
      },
    ],
    [
      'applyReferralCode',
      async () => {
        const referrer = await staffOk<{ member: { referralCode: string } }>(
          `query ($id: ID!) { member(id: $id) { referralCode } }`,
          { id: await newMember() },
        );
        return {
          query: `mutation ($id: ID!, $c: String!) { applyReferralCode(memberId: $id, code: $c) { __typename } }`,
          variables: { id: await newMember(), c: referrer.member.referralCode },
        };
      },
    ],
    [
      'createSurvey',
      async () => ({
        query: `mutation { createSurvey(input: { code: "AUDIT-NPS", title: "How did we do?", asksNps: true }) { id } }`,
        role: 'admin',
      }),
    ],
    [
      'updateSurvey',
      async () => {
        const survey = await staffOk<{ createSurvey: { id: string } }>(
          `mutation { createSurvey(input: { code: "AUDIT-NPS-2", title: "How was it?", asksNps: true }) { id } }`,
        );
        made.survey = survey.createSurvey.id;
        return {
          query: `mutation ($id: ID!) { updateSurvey(id: $id, input: { title: "How was your visit?" }) { id } }`,
          variables: { id: made.survey },
          role: 'admin',
        };
      },
    ],
    [
      'createSurveyInvitation',
      async () => {
        const order = await recordOrder(env, orderInput(await newMember(), [['AUDIT-SKU', 1, 1000]]));
        return {
          query: `mutation ($s: ID!, $o: ID!) { createSurveyInvitation(input: { surveyId: $s, orderId: $o }) { id } }`,
          variables: { s: made.survey, o: order.data!.recordOrder.id },
        };
      },
    ],
    [
      'submitFeedback',
      async () => ({
        query: `mutation ($s: ID!, $m: ID!) { submitFeedback(input: { surveyId: $s, memberId: $m, nps: 9 }) { alreadySubmitted } }`,
        variables: { s: made.survey, m: await newMember() },
      }),
    ],
    [
      'claimDetractorAlert',
      async () => {
        const member = await newMember();
        await staffOk(
          `mutation ($s: ID!, $m: ID!) { submitFeedback(input: { surveyId: $s, memberId: $m, nps: 2 }) { detractorAlert } }`,
          { s: made.survey, m: member },
        );
        const alerts = await staffOk<{ detractorAlerts: { edges: { node: { id: string } }[] } }>(
          `query ($m: ID!) { detractorAlerts(filter: { memberId: $m }) { edges { node { id } } } }`,
          { m: member },
        );
        made.alert = alerts.detractorAlerts.edges[0].node.id;
        return {
          query: `mutation ($id: ID!) { claimDetractorAlert(id: $id) { status } }`,
          variables: { id: made.alert },
        };
      },
    ],
    [
      'releaseDetractorAlert',
      async () => ({
        query: `mutation ($id: ID!) { releaseDetractorAlert(id: $id) { status } }`,
        variables: { id: made.alert },
        role: 'admin',
      }),
    ],
    [
      'addDetractorAlertNote',
      async () => {
        await staffOk(`mutation ($id: ID!) { claimDetractorAlert(id: $id) { status } }`, { id: made.alert });
        return {
          query: `mutation ($id: ID!) { addDetractorAlertNote(input: { alertId: $id, note: "Called back" }) { status } }`,
          variables: { id: made.alert },
          role: 'admin',
        };
      },
    ],
    [
      'resolveDetractorAlert',
      async () => ({
        query: `mutation ($id: ID!) { resolveDetractorAlert(input: { alertId: $id, resolution: "Apologised" }) { status } }`,
        variables: { id: made.alert },
        role: 'admin',
      }),
    ],
    [
      'updateInsightSettings',
      async () => ({
        query: `mutation { updateInsightSettings(input: { matureOrders: 4 }) { __typename } }`,
        role: 'admin',
      }),
    ],
    [
      'dismissRecommendation',
      async () => ({
        query: `mutation ($m: ID!, $r: ID!) { dismissRecommendation(input: { memberId: $m, itemType: REWARD, itemId: $r }) { __typename } }`,
        variables: { m: await newMember(), r: made.gift },
      }),
    ],
    [
      'installPlugin',
      async () => ({ query: `mutation { installPlugin(name: "greedy") { name } }`, role: 'admin' }),
    ],
    [
      'createOutboundWebhookEndpoint',
      async () => ({
        query: `mutation { createOutboundWebhookEndpoint(input: { url: "http://127.0.0.1:9/audit", eventTypes: ["member.registered"] }) { endpoint { id } } }`,
        role: 'admin',
      }),
    ],
    [
      'updateOutboundWebhookEndpoint',
      async () => {
        const created = await staffOk<{ createOutboundWebhookEndpoint: { endpoint: { id: string } } }>(
          `mutation { createOutboundWebhookEndpoint(input: { url: "http://127.0.0.1:9/audit-2", eventTypes: ["member.registered"] }) { endpoint { id } } }`,
        );
        made.outboundEndpoint = created.createOutboundWebhookEndpoint.endpoint.id;
        return {
          query: `mutation ($id: ID!) { updateOutboundWebhookEndpoint(id: $id, input: { description: "audited" }) { id } }`,
          variables: { id: made.outboundEndpoint },
          role: 'admin',
        };
      },
    ],
    [
      'pauseOutboundWebhookEndpoint',
      async () => ({
        query: `mutation ($id: ID!) { pauseOutboundWebhookEndpoint(id: $id, reason: "audit") { id } }`,
        variables: { id: made.outboundEndpoint },
        role: 'admin',
      }),
    ],
    [
      'resumeOutboundWebhookEndpoint',
      async () => ({
        query: `mutation ($id: ID!) { resumeOutboundWebhookEndpoint(id: $id) { id } }`,
        variables: { id: made.outboundEndpoint },
        role: 'admin',
      }),
    ],
    [
      'rotateOutboundWebhookSecret',
      async () => ({
        query: `mutation ($id: ID!) { rotateOutboundWebhookSecret(id: $id) { secret } }`,
        variables: { id: made.outboundEndpoint },
        role: 'admin',
      }),
    ],
    [
      'replayOutboundWebhookDelivery',
      async () => {
        await newMember(); // member.registered: one delivery per endpoint (port 9 refuses: it stays PENDING)
        await env.app.outboundWebhooks.drain();
        const log = await staffOk<{ outboundWebhookDeliveries: { edges: { node: { id: string } }[] } }>(
          `query ($e: ID) { outboundWebhookDeliveries(endpointId: $e, first: 1) { edges { node { id } } } }`,
          { e: made.outboundEndpoint },
        );
        return {
          query: `mutation ($id: ID!) { replayOutboundWebhookDelivery(id: $id) { id } }`,
          variables: { id: log.outboundWebhookDeliveries.edges[0].node.id },
          role: 'admin',
        };
      },
    ],
    [
      'replayOutboundWebhookDeliveries',
      async () => ({
        query: `mutation ($e: ID!) { replayOutboundWebhookDeliveries(input: { endpointId: $e }) }`,
        variables: { e: made.outboundEndpoint },
        role: 'admin',
      }),
    ],
    [
      'deleteOutboundWebhookEndpoint',
      async () => ({
        query: `mutation ($id: ID!) { deleteOutboundWebhookEndpoint(id: $id) }`,
        variables: { id: made.outboundEndpoint },
        role: 'admin',
      }),
    ],
    [
      'configurePlugin',
      async () => ({
        query: `mutation ($o: JSONObject!) { configurePlugin(name: "greedy", options: $o) { name } }`,
        variables: { o: { secret: GREEDY_SECRET } },
        role: 'admin',
      }),
    ],
    [
      'enablePlugin',
      async () => ({ query: `mutation { enablePlugin(name: "greedy") { name } }`, role: 'admin' }),
    ],
    [
      'replayWebhookDelivery',
      async () => {
        const raw = JSON.stringify({});
        const sent = await env.webhook(
          'greedy',
          raw,
          {
            'content-type': 'application/json',
            'x-signature': hmacSha256Hex(GREEDY_SECRET, raw),
            'x-delivery': 'audit-delivery-1',
          },
          'note',
        );
        if (sent.status !== 200) throw new Error(`webhook refused: ${sent.status}`);
        await env.drainDeliveries();
        const list = await staffOk<{ webhookDeliveries: { edges: { node: { id: string } }[] } }>(
          `query { webhookDeliveries(first: 1, filter: { plugin: "greedy" }) { edges { node { id } } } }`,
        );
        return {
          query: `mutation ($id: ID!) { replayWebhookDelivery(id: $id) { id } }`,
          variables: { id: list.webhookDeliveries.edges[0].node.id },
          role: 'admin',
        };
      },
    ],
    [
      'issuePartnerApiKey',
      async () => ({
        query: `mutation { issuePartnerApiKey(input: { plugin: "greedy", label: "Audit partner", scopes: ["members:read"] }) { apiKey { id } } }`,
        role: 'admin',
      }),
    ],
    [
      'revokePartnerApiKey',
      async () => {
        const issued = await staffOk<{ issuePartnerApiKey: { apiKey: { id: string } } }>(
          `mutation { issuePartnerApiKey(input: { plugin: "greedy", label: "Audit partner 2", scopes: ["members:read"] }) { apiKey { id } } }`,
        );
        return {
          query: `mutation ($id: ID!) { revokePartnerApiKey(id: $id) { id } }`,
          variables: { id: issued.issuePartnerApiKey.apiKey.id },
          role: 'admin',
        };
      },
    ],
    [
      'disablePlugin',
      async () => ({ query: `mutation { disablePlugin(name: "greedy") { name } }`, role: 'admin' }),
    ],
    [
      'uninstallPlugin',
      async () => ({
        query: `mutation { uninstallPlugin(input: { name: "greedy", dropData: true }) }`,
        role: 'admin',
      }),
    ],
  ];

  beforeAll(async () => {
    env = await createPluginTestEnvironment({ plugins: [GREEDY] });
    await env.app.db.transaction((manager) => seedTiers(manager));
    await upsertProducts(env, [{ sku: 'AUDIT-SKU', category: 'coffee' }]);
  });
  afterAll(() => env.stop());

  /** Sends the call under its own request id; answers how many audit entries carry that id. */
  async function auditedEntries(call: Call): Promise<number> {
    const requestId = unique('audit-walk');
    const token = call.role === 'admin' ? await env.adminToken() : await env.staffToken();
    const response = await env
      .http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${token}`)
      .set('x-request-id', requestId)
      .send({ query: call.query, variables: call.variables ?? {} });
    if (response.body.errors) throw new Error(`${call.query}: ${JSON.stringify(response.body.errors)}`);
    const [row] = (await env.app.db.dataSource.query(
      'SELECT COUNT(*) AS n FROM audit_entry WHERE requestId = ?',
      [requestId],
    )) as { n: number }[];
    return Number(row.n);
  }

  it('calls or exempts every mutation of the schema, and only those', async () => {
    const mutations = rootFields(await servedSchema(env), 'Mutation').map((field) => field.name);
    const listed = [...CALLS.map(([name]) => name), ...Object.keys(EXEMPT)];
    expect(listed.filter((name, i) => listed.indexOf(name) !== i)).toEqual([]);
    expect([...mutations].sort()).toEqual([...listed].sort());
  });

  it('writes at least one audit entry, with the request id, for each mutation called', async () => {
    const unaudited: string[] = [];
    for (const [name, prepare] of CALLS) {
      if ((await auditedEntries(await prepare())) === 0) unaudited.push(name);
    }
    expect(unaudited).toEqual([]);
  }, 120_000);
});
