import { definePlugin } from '@loyalty-bff/plugin-sdk';
import { bonusForBigSale } from './pos-bonus.handlers';
import { PosBonusOptions } from './pos-bonus.options';
import { acceptSale, recordSale } from './pos-sale.webhook';

/**
 * POS bonus: tills POST each sale to /webhooks/pos-bonus/sale (signed); the sale is recorded as an order
 * of the member whose loyalty card was scanned, and a sale of at least `thresholdMinor` earns
 * `bonusPoints` on top of the programme's own points.
 */
export default definePlugin<PosBonusOptions>({
  name: 'pos-bonus',
  version: '1.0.0',
  kind: 'other',
  description: 'In-store sales from the tills, with a bonus for big baskets',
  permissions: ['members:read', 'catalog:write', 'orders:write', 'points:earn'],
  options: PosBonusOptions,
  webhooks: [{ path: 'sale', accept: acceptSale, handle: recordSale }],
  events: { 'order.recorded': bonusForBigSale },
});
