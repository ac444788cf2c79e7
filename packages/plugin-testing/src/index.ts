/**
 * @loyalty-bff/plugin-testing: end-to-end tests for a loyalty server plugin. It boots the real server with
 * your plugin loaded (embedded SQLite, or a MySQL/MariaDB URL), and gives you the helpers a connector's
 * tests need: GraphQL calls, signed webhooks, event dispatch on demand, tokens, partner API keys and the
 * ledger invariants. It works with any test runner (node:test, Jest, Vitest).
 */
export {
  createPluginTestEnvironment,
  type GraphQLAnswer,
  type PluginTestEnvironment,
  type PluginTestOptions,
  type SignedWebhook,
  type WebhookAnswer,
} from './plugin-test-environment';
export { hmacSignature, shopifyHeaders, wooCommerceHeaders } from './webhook-signing';
export type { TestHost, TestHostModule, TestHostOptions, TestRole } from './test-host';
