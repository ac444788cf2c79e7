import { createRandom, type Random } from './random';

/**
 * Synthetic purchase histories with the structure real ones have, so that recommendations can be
 * evaluated on them (precision/recall against a popularity baseline) and insight queries show
 * something. Pure: the same seed, shopper and catalog give the same orders on every machine, and
 * each shopper's history depends on nothing but their own id (a re-run or a subset reproduces it).
 *
 * The structure, all of it recoverable from the orders alone:
 * - tastes: each shopper prefers two or three categories, with Dirichlet(1, ..., 1) weights over
 *   them (PREFERRED_SHARE of the items), the rest spread over every other category;
 * - popularity: within a category, products follow a Zipf-like curve in catalog order;
 * - price level: budget shoppers lean to the cheaper products of a category, premium ones to the dearer;
 * - favourites: one or two staple products rebought often (repeat purchase);
 * - bundles: when the first product of a pair is in a basket, the second joins it with the pair's probability;
 * - cadence: orders a year from a log-normal (a few lapsed shoppers order nothing), jittered gaps;
 * - channels: the shopper's own channel identities decide where they buy; POS orders carry a store
 *   id near the shopper's region, mostly their home store.
 */

export interface CatalogEntry {
  sku: string;
  category: string;
  priceMinor: number;
}

export interface Bundle {
  skus: [string, string];
  probability: number;
}

export interface Shopper {
  id: number;
  joinedAt: Date;
  /** A closed membership orders nothing after this. */
  closedAt?: Date | null;
  region?: string | null;
  identities: { channel: string; externalId: string }[];
}

export type PriceLevel = 'budget' | 'regular' | 'premium';

export interface Tastes {
  /** The two or three categories most of this shopper's items come from. */
  preferredCategories: string[];
  /** Probability that an item is drawn from each category; sums to 1. */
  categoryWeights: Record<string, number>;
  priceLevel: PriceLevel;
  /** Orders a year this shopper would place over a whole year (0: lapsed). */
  ordersPerYear: number;
  /** Staple products, rebought often. */
  favourites: string[];
  /** Where this shopper buys: one of their identities' channels, with weights. */
  channels: { channel: string; externalId: string; weight: number }[];
  homeStoreId: string;
}

export interface SyntheticOrderLine {
  sku: string;
  quantity: number;
  unitPriceMinor: number;
  discountMinor: number;
}

export interface SyntheticRefund {
  refundId: string;
  kind: 'REFUND' | 'CANCELLATION';
  /** When the shop refunds it: a few days after the purchase, never after the history's end. */
  at: Date;
  /** Absent: the whole order. */
  lines?: { lineNo: number; quantity: number }[];
}

export interface SyntheticOrder {
  memberId: number;
  /** Deterministic, so recording is idempotent on (channel, externalOrderId) across re-runs. */
  externalOrderId: string;
  channel: string;
  storeId: string | null;
  /** The identity the channel knows the shopper by (orders resolve their member through it). */
  identity: { channel: string; externalId: string };
  purchasedAt: Date;
  currency: 'EUR';
  lines: SyntheticOrderLine[];
  merchandiseMinor: number;
  shippingMinor: number;
  taxMinor: number;
  totalMinor: number;
  /** Some orders are refunded or cancelled later. */
  refund: SyntheticRefund | null;
  /** Some orders are reviewed a few days later. */
  reviewedAt: Date | null;
}

export interface ShopperHistory {
  tastes: Tastes;
  orders: SyntheticOrder[];
  /** A survey the shopper answered, or null. */
  surveyAt: Date | null;
}

export interface HistoryOptions {
  seed: number;
  catalog: readonly CatalogEntry[];
  bundles: readonly Bundle[];
  /** The history covers [from, until]; orders are never after `until`. */
  from: Date;
  until: Date;
  /** Median orders a year of active shoppers (default 6). */
  medianOrdersPerYear?: number;
  /** At most this many orders per shopper (default 20). */
  maxOrders?: number;
  /** Prefix of the external order ids (default `demo`). */
  externalIdPrefix?: string;
}

const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;
/** Share of items drawn from the preferred categories; the rest explores the whole catalog. */
export const PREFERRED_SHARE = 0.85;
const LAPSED_SHARE = 0.1;
const REFUND_SHARE = 0.02;
const CANCELLATION_SHARE = 0.005;
const REVIEW_SHARE = 0.08;
const SURVEY_SHARE = 0.3;
/** Categories people buy in repeatedly and in several units. */
const CONSUMABLE = /^(coffee|tea|bakery|eco\/refills)$/;
/** How often a category is among a shopper's preferred ones, relative to the others (default 1). */
const CATEGORY_APPEAL: Record<string, number> = { coffee: 3, bakery: 2, tea: 1.5, 'eco/second-hand': 0.6 };
const FREE_SHIPPING_FROM_MINOR = 3_000;
const SHIPPING_MINOR = 490;

/** Stores by member region; POS shoppers buy mostly at their home store. */
const STORES_BY_REGION: Record<string, string[]> = {
  Berlin: ['berlin-1', 'berlin-2'],
  Bavaria: ['munich-1'],
  Hamburg: ['hamburg-1'],
  'Île-de-France': ['paris-1'],
  Lombardy: ['milan-1'],
  Shanghai: ['shanghai-1'],
  Guangdong: ['guangzhou-1'],
  California: ['san-francisco-1'],
  Ontario: ['toronto-1'],
  Tokyo: ['tokyo-1'],
};
const ALL_STORES = Object.values(STORES_BY_REGION).flat();

/** One PRNG per shopper, mixed from the seed and the id, so histories do not depend on each other. */
export function shopperRandom(seed: number, shopperId: number): Random {
  let h = (seed ^ Math.imul(shopperId + 0x7f4a7c15, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return createRandom((h ^ (h >>> 16)) >>> 0);
}

/** The history of one shopper: their tastes, orders in purchase-time order, and a survey. */
export function shopperHistory(shopper: Shopper, options: HistoryOptions): ShopperHistory {
  const random = shopperRandom(options.seed, shopper.id);
  const catalog = indexCatalog(options.catalog);
  const tastes = tastesOf(shopper, catalog, random, options.medianOrdersPerYear ?? 6);
  const start = Math.max(options.from.getTime(), shopper.joinedAt.getTime());
  const end = Math.min(options.until.getTime(), shopper.closedAt?.getTime() ?? Infinity);
  const orders: SyntheticOrder[] = [];
  const maxOrders = options.maxOrders ?? 20;
  if (tastes.ordersPerYear > 0 && tastes.channels.length > 0 && end > start) {
    const meanGap = YEAR_MS / tastes.ordersPerYear;
    // The first order falls anywhere in the first gap: histories do not all start on the same day.
    let at = start + random.next() * meanGap;
    while (at <= end && orders.length < maxOrders) {
      const purchasedAt = timeOfDay(at, random, start, end);
      orders.push(orderOf(shopper, tastes, catalog, options, random, orders.length + 1, purchasedAt));
      at += meanGap * (0.4 + 1.2 * random.next());
    }
  }
  const surveyAt =
    orders.length > 0 && random.chance(SURVEY_SHARE) ? new Date(start + random.next() * (end - start)) : null;
  return { tastes, orders, surveyAt };
}

interface IndexedCatalog {
  categories: string[];
  bySku: Map<string, CatalogEntry>;
  /** Products of each category with their popularity weight (Zipf-like in catalog order). */
  byCategory: Map<string, { entry: CatalogEntry; popularity: number }[]>;
  medianPrice: Map<string, number>;
}

function indexCatalog(entries: readonly CatalogEntry[]): IndexedCatalog {
  const byCategory = new Map<string, { entry: CatalogEntry; popularity: number }[]>();
  for (const entry of entries) {
    const list = byCategory.get(entry.category) ?? [];
    list.push({ entry, popularity: 1 / Math.pow(list.length + 1, 0.8) });
    byCategory.set(entry.category, list);
  }
  const medianPrice = new Map<string, number>();
  for (const [category, list] of byCategory) {
    const prices = list.map((item) => item.entry.priceMinor).sort((a, b) => a - b);
    medianPrice.set(category, prices[Math.floor(prices.length / 2)]);
  }
  return {
    categories: [...byCategory.keys()],
    bySku: new Map(entries.map((entry) => [entry.sku, entry])),
    byCategory,
    medianPrice,
  };
}

function tastesOf(shopper: Shopper, catalog: IndexedCatalog, random: Random, median: number): Tastes {
  // Two or three preferred categories (appealing ones more often), Dirichlet(1, ..., 1) weights.
  const count = Math.min(catalog.categories.length, random.chance(0.5) ? 2 : 3);
  const remaining = [...catalog.categories];
  const preferredCategories: string[] = [];
  while (preferredCategories.length < count) {
    const index = weightedIndex(
      random,
      remaining.map((category) => CATEGORY_APPEAL[category] ?? 1),
    );
    preferredCategories.push(remaining.splice(index, 1)[0]);
  }
  const draws = preferredCategories.map(() => -Math.log(1 - random.next()));
  const drawn = draws.reduce((sum, d) => sum + d, 0);
  const others = catalog.categories.length - preferredCategories.length;
  const categoryWeights: Record<string, number> = {};
  for (const category of catalog.categories) {
    const i = preferredCategories.indexOf(category);
    categoryWeights[category] =
      i >= 0 ? (draws[i] / drawn) * (others > 0 ? PREFERRED_SHARE : 1) : (1 - PREFERRED_SHARE) / others;
  }
  const priceLevel: PriceLevel = random.chance(0.25) ? 'budget' : random.chance(0.27) ? 'premium' : 'regular';
  const ordersPerYear = random.chance(LAPSED_SHARE)
    ? 0
    : Math.min(24, Math.max(1, Math.round(median * Math.exp(0.7 * normal(random)))));
  const channels = shopper.identities.map((identity) => ({
    ...identity,
    weight: -Math.log(1 - random.next()) + 0.05,
  }));
  const regionStores = STORES_BY_REGION[shopper.region ?? ''] ?? ALL_STORES;
  const tastes: Tastes = {
    preferredCategories,
    categoryWeights,
    priceLevel,
    ordersPerYear,
    favourites: [],
    channels,
    homeStoreId: random.pick(regionStores),
  };
  const favouriteCount = random.int(1, 2);
  for (let i = 0; i < favouriteCount; i++) {
    const product = pickProduct(random, catalog, tastes, random.pick(preferredCategories));
    if (!tastes.favourites.includes(product.sku)) tastes.favourites.push(product.sku);
  }
  return tastes;
}

function orderOf(
  shopper: Shopper,
  tastes: Tastes,
  catalog: IndexedCatalog,
  options: HistoryOptions,
  random: Random,
  sequence: number,
  purchasedAt: Date,
): SyntheticOrder {
  const basket = new Map<string, number>();
  const add = (sku: string) => basket.set(sku, (basket.get(sku) ?? 0) + 1);
  if (random.chance(0.45)) add(random.pick(tastes.favourites));
  const primaries = 1 + (random.chance(0.45) ? 1 : 0) + (random.chance(0.2) ? 1 : 0);
  for (let i = 0; i < primaries; i++) {
    const category = weightedPick(random, Object.entries(tastes.categoryWeights));
    add(pickProduct(random, catalog, tastes, category).sku);
  }
  for (const sku of [...basket.keys()]) {
    for (const bundle of options.bundles) {
      if (bundle.skus[0] === sku && catalog.bySku.has(bundle.skus[1]) && random.chance(bundle.probability)) {
        if (!basket.has(bundle.skus[1])) add(bundle.skus[1]);
      }
    }
  }
  const lines: SyntheticOrderLine[] = [...basket].map(([sku, count]) => {
    const entry = catalog.bySku.get(sku)!;
    const extra = CONSUMABLE.test(entry.category) && random.chance(0.25) ? random.int(1, 2) : 0;
    const quantity = count + extra;
    const discountMinor = random.chance(0.08) ? Math.round(entry.priceMinor * quantity * 0.1) : 0;
    return { sku, quantity, unitPriceMinor: entry.priceMinor, discountMinor };
  });
  const via = weightedPick(
    random,
    tastes.channels.map((channel) => [channel, channel.weight] as const),
  );
  const pos = via.channel === 'pos';
  const storeId = pos ? (random.chance(0.85) ? tastes.homeStoreId : random.pick(ALL_STORES)) : null;
  const merchandiseMinor = lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor - l.discountMinor, 0);
  const shippingMinor = pos || merchandiseMinor >= FREE_SHIPPING_FROM_MINOR ? 0 : SHIPPING_MINOR;
  const externalOrderId = `${options.externalIdPrefix ?? 'demo'}-m${shopper.id}-o${sequence}`;
  const refundDraw = random.next();
  const refundAt = new Date(
    Math.min(purchasedAt.getTime() + random.int(1, 14) * DAY_MS, options.until.getTime()),
  );
  const refund: SyntheticRefund | null =
    refundDraw < CANCELLATION_SHARE
      ? { refundId: `${externalOrderId}-cancel`, kind: 'CANCELLATION', at: refundAt }
      : refundDraw < CANCELLATION_SHARE + REFUND_SHARE
        ? {
            refundId: `${externalOrderId}-refund`,
            kind: 'REFUND',
            at: refundAt,
            // Half of the refunds return one unit of one line, the others the whole order.
            lines: random.chance(0.5) ? [{ lineNo: random.int(1, lines.length), quantity: 1 }] : undefined,
          }
        : null;
  const reviewDelay = random.int(1, 10) * DAY_MS;
  const reviewedAt =
    random.chance(REVIEW_SHARE) && purchasedAt.getTime() + reviewDelay <= options.until.getTime()
      ? new Date(purchasedAt.getTime() + reviewDelay)
      : null;
  return {
    memberId: shopper.id,
    externalOrderId,
    channel: via.channel,
    storeId,
    identity: { channel: via.channel, externalId: via.externalId },
    purchasedAt,
    currency: 'EUR',
    lines,
    merchandiseMinor,
    shippingMinor,
    taxMinor: 0, // shelf prices include VAT
    totalMinor: merchandiseMinor + shippingMinor,
    refund,
    reviewedAt,
  };
}

/** A product of the category: popular ones more often, leaning to the shopper's price level. */
function pickProduct(
  random: Random,
  catalog: IndexedCatalog,
  tastes: Tastes,
  category: string,
): CatalogEntry {
  const products = catalog.byCategory.get(category)!;
  const median = catalog.medianPrice.get(category)!;
  const lean = tastes.priceLevel === 'budget' ? -1 : tastes.priceLevel === 'premium' ? 1 : 0;
  return weightedPick(
    random,
    products.map(
      (item) => [item.entry, item.popularity * Math.pow(item.entry.priceMinor / median, lean)] as const,
    ),
  );
}

/** Shops are open 07:00 to 21:00 UTC: the time of day of an order, within [start, end]. */
function timeOfDay(at: number, random: Random, start: number, end: number): Date {
  const day = new Date(at);
  day.setUTCHours(random.int(7, 20), random.int(0, 59), random.int(0, 59), random.int(0, 999));
  return new Date(Math.max(start, Math.min(day.getTime(), end)));
}

function weightedIndex(random: Random, weights: readonly number[]): number {
  const total = weights.reduce((sum, w) => sum + w, 0);
  let target = random.next() * total;
  for (let i = 0; i < weights.length; i++) {
    target -= weights[i];
    if (target < 0) return i;
  }
  return weights.length - 1;
}

function weightedPick<T>(random: Random, items: readonly (readonly [T, number])[]): T {
  return items[
    weightedIndex(
      random,
      items.map(([, weight]) => weight),
    )
  ][0];
}

/** A standard normal draw (Box-Muller). */
function normal(random: Random): number {
  const u = 1 - random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}
