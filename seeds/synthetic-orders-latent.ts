import { createRandom, type Random } from './random';

/**
 * A second synthetic shop, built on purpose unlike `synthetic-orders.ts`, so that the recommender is
 * not only measured on the structure it was designed around (category tastes, planted bundles).
 * Pure and seeded: the same seed gives the same catalogue and orders everywhere.
 *
 * - a catalogue of 600 products in 24 categories, each product a point in an 8-dimensional latent
 *   space (its category's centre + its brand's offset + its price level on one axis + noise), with a
 *   long-tailed (Zipf) popularity over the whole catalogue;
 * - shoppers are latent vectors too: a product's appeal is exp(taste · product) × popularity ×
 *   season, so tastes cut across categories instead of following them;
 * - consumables (coffee, pet food, nappies...) each have a cycle (10-75 days, the shopper's own pace
 *   around it): an adopted consumable is bought again when due, so re-buys are about half of purchases;
 * - durables are bought once; devices (phone, console, camera, e-reader) pull their accessories into
 *   the following weeks' orders (a sequence, not a bundle in the same basket);
 * - seasonal categories (garden, toys and gifts, winter and summer wear) peak in their month;
 * - 12% of the products launch during the last nine months: new products nobody bought before.
 */

export type LatentProductKind = 'consumable' | 'durable' | 'device' | 'accessory';

export interface LatentProduct {
  id: number;
  sku: string;
  title: string;
  category: string;
  attributes: Record<string, string>;
  priceMinor: number;
  sustainable: boolean;
  /** Launch date: not on sale, and never bought, before it. */
  availableFrom: Date;
  kind: LatentProductKind;
  /** Consumables: the typical days between two purchases. */
  cycleDays: number | null;
  /** Accessories: the device they go with. */
  deviceId: number | null;
  latent: number[];
  popularity: number;
  /** Seasonal categories: the month (0-11) of the peak. */
  peakMonth: number | null;
}

export interface LatentOrder {
  memberId: number;
  at: Date;
  productIds: number[];
}

const DAY_MS = 86_400_000;
const DIMENSIONS = 8;

interface CategorySpec {
  name: string;
  kind: LatentProductKind;
  products: number;
  /** Consumables: the range of their cycles in days. */
  cycle?: [number, number];
  peakMonth?: number;
  /** Accessory categories: the device category they serve. */
  serves?: string;
  sustainable?: boolean;
}

const CATEGORIES: CategorySpec[] = [
  { name: 'coffee', kind: 'consumable', products: 30, cycle: [14, 35] },
  { name: 'tea', kind: 'consumable', products: 24, cycle: [20, 50] },
  { name: 'pet-food', kind: 'consumable', products: 24, cycle: [14, 30] },
  { name: 'baby-care', kind: 'consumable', products: 24, cycle: [10, 25] },
  { name: 'cleaning', kind: 'consumable', products: 24, cycle: [30, 75], sustainable: true },
  { name: 'beauty', kind: 'consumable', products: 30, cycle: [30, 70] },
  { name: 'vitamins', kind: 'consumable', products: 20, cycle: [25, 60] },
  { name: 'snacks', kind: 'consumable', products: 30, cycle: [10, 30] },
  { name: 'kitchen', kind: 'durable', products: 30 },
  { name: 'home', kind: 'durable', products: 30 },
  { name: 'books', kind: 'durable', products: 40 },
  { name: 'apparel/winter', kind: 'durable', products: 24, peakMonth: 10 },
  { name: 'apparel/summer', kind: 'durable', products: 24, peakMonth: 5 },
  { name: 'garden', kind: 'durable', products: 24, peakMonth: 4, sustainable: true },
  { name: 'toys', kind: 'durable', products: 30, peakMonth: 11 },
  { name: 'sports', kind: 'durable', products: 24 },
  { name: 'electronics/phones', kind: 'device', products: 12 },
  { name: 'electronics/consoles', kind: 'device', products: 6 },
  { name: 'electronics/cameras', kind: 'device', products: 8 },
  { name: 'electronics/readers', kind: 'device', products: 6 },
  { name: 'accessories/phone', kind: 'accessory', products: 48, serves: 'electronics/phones' },
  { name: 'accessories/console', kind: 'accessory', products: 36, serves: 'electronics/consoles' },
  { name: 'accessories/camera', kind: 'accessory', products: 30, serves: 'electronics/cameras' },
  { name: 'accessories/reader', kind: 'accessory', products: 18, serves: 'electronics/readers' },
];

const PRICE_LEVELS = ['budget', 'regular', 'premium'] as const;
const LAUNCH_SHARE = 0.12;
const LAUNCH_WINDOW_DAYS = 270;

function normal(random: Random): number {
  const u = 1 - random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}

function vector(random: Random, scale: number): number[] {
  return Array.from({ length: DIMENSIONS }, () => normal(random) * scale);
}

/** The catalogue: 600 products, ids 1..600 in category order. */
export function latentCatalog(seed: number, from: Date, until: Date): LatentProduct[] {
  const random = createRandom(seed * 7919 + 17);
  const products: LatentProduct[] = [];
  const devicesOf = new Map<string, LatentProduct[]>();
  for (const spec of CATEGORIES) {
    const centre = vector(random, 1);
    const brands = Array.from({ length: 5 }, (_, i) => ({
      name: `${spec.name}-brand-${i + 1}`,
      offset: vector(random, 0.5),
    }));
    const basePrice =
      spec.kind === 'device'
        ? 30_000
        : spec.kind === 'durable'
          ? 4_000
          : spec.kind === 'accessory'
            ? 2_500
            : 900;
    for (let i = 0; i < spec.products; i++) {
      const brand = random.pick(brands);
      const level = random.int(0, 2);
      const latent = centre.map(
        (c, d) => c + brand.offset[d] + normal(random) * 0.45 + (d === 0 ? (level - 1) * 0.6 : 0),
      );
      const id = products.length + 1;
      const launched = random.chance(LAUNCH_SHARE);
      const availableFrom = launched
        ? new Date(until.getTime() - random.next() * LAUNCH_WINDOW_DAYS * DAY_MS)
        : from;
      const serves = spec.serves ? (devicesOf.get(spec.serves) ?? []) : [];
      const product: LatentProduct = {
        id,
        sku: `LAT-${String(id).padStart(4, '0')}`,
        title: `${spec.name} ${brand.name} #${i + 1}`,
        category: spec.name,
        attributes: { brand: brand.name, priceLevel: PRICE_LEVELS[level] },
        priceMinor: Math.round(basePrice * (0.6 + 0.5 * level) * (0.8 + 0.4 * random.next())),
        sustainable: Boolean(spec.sustainable) && random.chance(0.6),
        availableFrom,
        kind: spec.kind,
        cycleDays: spec.cycle ? random.int(spec.cycle[0], spec.cycle[1]) : null,
        deviceId: serves.length ? serves[i % serves.length].id : null,
        // Accessories sit next to their device in the latent space (a case looks like its phone's buyers).
        latent: serves.length
          ? latent.map((v, d) => 0.5 * v + 0.5 * serves[i % serves.length].latent[d])
          : latent,
        popularity: 0,
        peakMonth: spec.peakMonth ?? null,
      };
      products.push(product);
      if (spec.kind === 'device') devicesOf.set(spec.name, [...(devicesOf.get(spec.name) ?? []), product]);
    }
  }
  // A long tail over the whole catalogue: Zipf(1) over a random order of the products.
  const order = products.map((p) => ({ p, key: random.next() })).sort((a, b) => a.key - b.key);
  order.forEach(({ p }, rank) => (p.popularity = 1 / (rank + 1)));
  return products;
}

interface ShopperState {
  taste: number[];
  /** Adopted consumables: their own cycle and when they were last bought. */
  consumables: Map<number, { cycleDays: number; lastAt: number }>;
  /** Accessories scheduled after a device: product → earliest time. */
  pending: Map<number, number>;
  owned: Set<number>;
}

export interface LatentHistoryOptions {
  seed: number;
  catalog: readonly LatentProduct[];
  from: Date;
  until: Date;
  /** Median orders a year (default 9). */
  medianOrdersPerYear?: number;
}

function seasonFactor(product: LatentProduct, at: number): number {
  if (product.peakMonth === null) return 1;
  const month = new Date(at).getUTCMonth() + new Date(at).getUTCDate() / 31;
  const distance = Math.min(Math.abs(month - product.peakMonth), 12 - Math.abs(month - product.peakMonth));
  return 0.25 + 2.5 * Math.exp(-(distance * distance) / 2);
}

/** One shopper's orders in time order; depends only on the seed, the catalogue and the id. */
export function latentShopperOrders(memberId: number, options: LatentHistoryOptions): LatentOrder[] {
  const random = createRandom((options.seed * 1_000_003 + memberId * 7_777_777) >>> 0);
  const catalog = options.catalog;
  const state: ShopperState = {
    taste: vector(random, 0.9),
    consumables: new Map(),
    pending: new Map(),
    owned: new Set(),
  };
  const affinity = catalog.map((p) => Math.exp(dot(state.taste, p.latent)) * Math.pow(p.popularity, 0.6));
  const perYear = Math.min(
    30,
    Math.max(2, Math.round((options.medianOrdersPerYear ?? 9) * Math.exp(0.6 * normal(random)))),
  );
  const meanGap = (365 * DAY_MS) / perYear;
  const start =
    options.from.getTime() + random.next() * 0.6 * (options.until.getTime() - options.from.getTime());
  const end = options.until.getTime();
  const orders: LatentOrder[] = [];
  for (let at = start + random.next() * meanGap; at <= end; at += meanGap * (0.3 + 1.4 * random.next())) {
    const basket = new Set<number>();
    // Due consumables: bought again when their cycle has (about) passed; some are given up.
    for (const [id, item] of state.consumables) {
      const elapsed = (at - item.lastAt) / DAY_MS;
      if (elapsed >= item.cycleDays * (0.8 + 0.3 * random.next()) && random.chance(0.75)) basket.add(id);
      else if (elapsed > item.cycleDays * 4 && random.chance(0.3)) state.consumables.delete(id);
    }
    // Accessories of a device bought earlier, when their time has come.
    for (const [id, due] of state.pending) {
      if (at >= due) {
        state.pending.delete(id);
        if (at - due < 90 * DAY_MS) basket.add(id);
      }
    }
    // New things, drawn by taste × popularity × season among what is on sale.
    const discoveries = 1 + (random.chance(0.5) ? 1 : 0) + (random.chance(0.2) ? 1 : 0);
    for (let n = 0; n < discoveries; n++) {
      const weights = catalog.map((p, i) =>
        p.availableFrom.getTime() > at ||
        (p.kind !== 'consumable' && state.owned.has(p.id)) ||
        state.consumables.has(p.id)
          ? 0
          : affinity[i] * seasonFactor(p, at) * (p.availableFrom.getTime() > options.from.getTime() ? 3 : 1),
      );
      const index = weightedIndex(random, weights);
      if (index >= 0) basket.add(catalog[index].id);
    }
    for (const id of basket) {
      const product = catalog[id - 1];
      state.owned.add(id);
      if (product.kind === 'consumable') {
        const known = state.consumables.get(id);
        const cycleDays = known?.cycleDays ?? product.cycleDays! * Math.exp(0.25 * normal(random));
        // A consumable tried once is kept with probability 0.45.
        if (known || random.chance(0.45)) state.consumables.set(id, { cycleDays, lastAt: at });
      }
      if (product.kind === 'device') {
        const accessories = catalog.filter((p) => p.deviceId === id);
        const chosen = accessories
          .map((p) => ({ p, key: random.next() * affinity[p.id - 1] }))
          .sort((a, b) => b.key - a.key)
          .slice(0, random.int(1, 3));
        for (const { p } of chosen) {
          if (random.chance(0.7)) state.pending.set(p.id, at + random.int(5, 45) * DAY_MS);
        }
      }
    }
    if (basket.size) {
      orders.push({ memberId, at: new Date(Math.min(end, timeOfDay(at, random))), productIds: [...basket] });
    }
  }
  return orders;
}

function timeOfDay(at: number, random: Random): number {
  const day = new Date(at);
  day.setUTCHours(random.int(7, 20), random.int(0, 59), random.int(0, 59), 0);
  return day.getTime();
}

function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function weightedIndex(random: Random, weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) total += w;
  if (total <= 0) return -1;
  let target = random.next() * total;
  for (let i = 0; i < weights.length; i++) {
    target -= weights[i];
    if (target < 0) return i;
  }
  return weights.length - 1;
}
