import { getNamedType, type GraphQLSchema } from 'graphql';
import {
  createPluginTestEnvironment,
  type PluginTestEnvironment,
} from '../../src/plugin-system/testing/plugin-test-kit';
import { operationFor, rootFields, servedSchema } from '../harness/schema-walk';
import { createTestEnvironment, type TestEnvironment } from '../harness/test-environment';

const FIRST_PARTY_PLUGINS = [
  'shopify',
  'woocommerce',
  'stripe-points',
  'partner-exchange',
  'typeform-surveys',
];

/** Ids are 32-bit integers in both databases: a larger one is a clear BAD_USER_INPUT, never a 500. */
describe('ids out of range', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment();
  });
  afterAll(() => env.stop());

  it.each([
    ['a member', `{ member(id: "3000000000") { id } }`, 'id'],
    ['an order', `{ order(id: "2147483648") { id } }`, 'id'],
    ['a reward', `{ reward(id: "99999999999") { id } }`, 'id'],
    ['an earning rule', `{ earningRule(id: "4294967296") { id } }`, 'id'],
  ])('refuses %s id above 2^31 - 1 with a field error', async (_what, query, field) => {
    const response = await env.gql(query, {}, await env.adminToken());
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field }] });
  });
});

/**
 * Every ID argument of every query and mutation the server answers: "abc" is refused naming the field
 * and the entity that argument identifies (an order id is not "a member id"). A new ID argument fails
 * here until its entity is listed.
 */
describe('malformed ids name their entity', () => {
  const ENTITY_OF: Record<string, string> = {
    'Query.member(id)': 'a member id',
    'Query.order(id)': 'an order id',
    'Query.reward(id)': 'a reward id',
    'Query.earningRule(id)': 'an earning rule id',
    'Query.survey(id)': 'a survey id',
    'Query.productRecommendations(memberId)': 'a member id',
    'Query.rewardRecommendations(memberId)': 'a member id',
    'Query.typeformSurveysLink(memberId)': 'a member id',
    'Query.typeformSurveysLink(orderId)': 'an order id',
    'Mutation.applyReferralCode(memberId)': 'a member id',
    'Mutation.assignTier(memberId)': 'a member id',
    'Mutation.awardBehaviour(memberId)': 'a member id',
    'Mutation.cancelRedemption(id)': 'a redemption id',
    'Mutation.closeMembership(id)': 'a member id',
    'Mutation.deactivateEarningRule(id)': 'an earning rule id',
    'Mutation.eraseMember(id)': 'a member id',
    'Mutation.exportMemberData(id)': 'a member id',
    'Mutation.linkChannelIdentity(memberId)': 'a member id',
    'Mutation.mergeMembers(mergedId)': 'a member id',
    'Mutation.mergeMembers(survivorId)': 'a member id',
    'Mutation.reactivateMembership(id)': 'a member id',
    'Mutation.redeemReward(memberId)': 'a member id',
    'Mutation.redeemReward(rewardId)': 'a reward id',
    'Mutation.releaseTierAssignment(memberId)': 'a member id',
    'Mutation.restockReward(id)': 'a reward id',
    'Mutation.unlinkChannelIdentity(memberId)': 'a member id',
    'Mutation.updateCommunicationPreferences(id)': 'a member id',
    'Mutation.updateEarningRule(id)': 'an earning rule id',
    'Mutation.updateMemberProfile(id)': 'a member id',
    'Mutation.updateRedemptionFulfilment(id)': 'a redemption id',
    'Mutation.updateReward(id)': 'a reward id',
    'Mutation.updateSurvey(id)': 'a survey id',
    'Mutation.voidCoupon(id)': 'a coupon id',
    'Mutation.reissueCoupon(id)': 'a coupon id',
    'Mutation.replayWebhookDelivery(id)': 'a webhook delivery id',
    'Mutation.revokePartnerApiKey(id)': 'an API key id',
    'Query.outboundWebhookDeliveries(endpointId)': 'an outbound webhook endpoint id',
    'Query.outboundWebhookEndpoint(id)': 'an outbound webhook endpoint id',
    'Mutation.updateOutboundWebhookEndpoint(id)': 'an outbound webhook endpoint id',
    'Mutation.deleteOutboundWebhookEndpoint(id)': 'an outbound webhook endpoint id',
    'Mutation.pauseOutboundWebhookEndpoint(id)': 'an outbound webhook endpoint id',
    'Mutation.resumeOutboundWebhookEndpoint(id)': 'an outbound webhook endpoint id',
    'Mutation.rotateOutboundWebhookSecret(id)': 'an outbound webhook endpoint id',
    'Mutation.replayOutboundWebhookDelivery(id)': 'an outbound webhook delivery id',
    'Query.detractorAlert(id)': 'a detractor alert id',
    'Mutation.claimDetractorAlert(id)': 'a detractor alert id',
    'Mutation.releaseDetractorAlert(id)': 'a detractor alert id',
  };
  /** Arguments the generic samples would make invalid before the id is read. */
  const VALID_OTHER_ARGS: Record<string, Record<string, unknown>> = {
    'Mutation.assignTier': { tierCode: 'GOLD' },
  };
  let env: PluginTestEnvironment;
  let schema: GraphQLSchema;

  beforeAll(async () => {
    env = await createPluginTestEnvironment({ plugins: FIRST_PARTY_PLUGINS });
    // Plugin resolvers answer only for an installed and enabled plugin: typeform's needs its options.
    await env.install('typeform-surveys', {
      webhookSecret: 'typeform-secret-0123456789',
      linkBaseUrl: 'https://acme.typeform.com/to/',
      forms: [],
    });
    schema = await servedSchema(env);
  });
  afterAll(() => env.stop());

  const idArguments = () =>
    (['Query', 'Mutation'] as const).flatMap((root) =>
      rootFields(schema, root).flatMap((field) =>
        field.args
          .filter((arg) => getNamedType(arg.type).name === 'ID')
          .map((arg) => ({ root, field, arg: arg.name, key: `${root}.${field.name}(${arg.name})` })),
      ),
    );

  it('lists the entity of every ID argument in the schema, and only those', () => {
    expect(
      idArguments()
        .map((a) => a.key)
        .sort(),
    ).toEqual(Object.keys(ENTITY_OF).sort());
  });

  it('refuses "abc" in every ID argument with BAD_USER_INPUT naming the argument and its entity', async () => {
    const token = await env.adminToken();
    const wrong: string[] = [];
    for (const { root, field, arg, key } of idArguments()) {
      const others = Object.fromEntries(
        field.args
          .filter((a) => getNamedType(a.type).name === 'ID' && a.name !== arg)
          .map((a) => [a.name, '1']),
      );
      const { query, variables } = operationFor(root, field, {
        ...VALID_OTHER_ARGS[`${root}.${field.name}`],
        ...others,
        [arg]: 'abc',
      });
      const error = (await env.gql(query, variables, token)).errors?.[0];
      const expected = `${arg} must be ${ENTITY_OF[key]}`;
      const fields = error?.extensions?.fields as { field: string }[] | undefined;
      if (
        error?.extensions?.code !== 'BAD_USER_INPUT' ||
        fields?.[0]?.field !== arg ||
        !error.message.includes(expected)
      ) {
        wrong.push(`${key}: expected "${expected}", got ${JSON.stringify(error)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
