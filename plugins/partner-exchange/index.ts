import { definePlugin } from '@loyalty-bff/plugin-sdk';
import { Breakers } from './circuit-breaker';
import { PartnerExchange1764000006200 } from './migrations/1764000006200-partner-exchange';
import { PartnerExchangeSqliteColumns1764000006201 } from './migrations/1764000006201-partner-exchange-sqlite-columns';
import { PartnerExchangeOptions, settings } from './partner-exchange.options';
import { PartnerExchangeResolver } from './partner-exchange.resolver';
import { PartnerExchangeService } from './partner-exchange.service';
import { PartnerTransfer } from './partner-transfer.entity';

// The breaker reads its parameters from the options in force at each call (they can change at runtime).
let current: PartnerExchangeOptions | null = null;
const breakers = new Breakers(
  () => (current ? settings(current).breakerThreshold : 5),
  () => (current ? settings(current).breakerCooldownMs : 30_000),
);
const service = new PartnerExchangeService(breakers);
const track = <T extends { options: PartnerExchangeOptions }>(ctx: T): T => {
  current = ctx.options;
  return ctx;
};

/**
 * Cross-brand points exchange: partner programmes as configuration (rates, bonus, blocks, caps,
 * validity, settlement prices, endpoint and sealed credentials); outbound transfers held, sent and
 * captured or released; inbound transfers signed by the partner and credited once; settlement and
 * health for admins.
 */
export default definePlugin<PartnerExchangeOptions>({
  name: 'partner-exchange',
  version: '1.0.0',
  core: '^0.1.0',
  kind: 'partner',
  description: 'Points exchanged with partner programmes, both ways',
  permissions: ['members:read', 'points:earn', 'points:hold', 'points:reverse', 'activity:publish'],
  options: PartnerExchangeOptions,
  entities: [PartnerTransfer],
  migrations: [PartnerExchange1764000006200, PartnerExchangeSqliteColumns1764000006201],
  resolvers: (access) => [
    new PartnerExchangeResolver(
      { context: async (graphql, rule) => track(await access.context(graphql, rule)) },
      service,
      breakers,
    ),
  ],
  jobs: [
    {
      name: 'reconcile-transfers',
      description: 'Asks partners again about transfers they have not answered (points stay held meanwhile)',
      everySeconds: 60,
      run: (ctx, now) => service.reconcile(track(ctx), now),
    },
  ],
  async health(ctx) {
    const open = ctx.options.partners
      .filter((p) => breakers.of(p.code).state() === 'OPEN')
      .map((p) => p.code);
    return open.length ? { ok: false, message: `circuit open: ${open.join(', ')}` } : { ok: true };
  },
});
