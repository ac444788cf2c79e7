/**
 * What the e-commerce connectors share: mapping platform orders to core orders (totals, placeholder
 * products, idempotent recording), customers to members, and product data to the catalog. Like a
 * plugin, it imports only the plugin SDK; each connector keeps only its platform's dialect.
 */
export { catalogSku, categorySlug, ensureLineProducts } from './catalog-mapping';
export { channelOf, defaultCategoryOf, EcommerceOptions } from './ecommerce-options';
export { resolveMember, type PlatformCustomer } from './member-linking';
export { reconcileTotals, spread, type PlatformLine, type PlatformTotals } from './order-totals';
export { recordPlatformOrder, type PlatformOrder } from './record-order';
export { platformMoney } from './platform-money';
