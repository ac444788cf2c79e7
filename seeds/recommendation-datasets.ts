import { DEMO_BUNDLES, DEMO_PRODUCTS } from './demo-products';
import { createRandom } from './random';
import { syntheticMember } from './synthetic-members';
import { latentCatalog, latentShopperOrders } from './synthetic-orders-latent';
import { shopperHistory } from './synthetic-orders';

/**
 * The offline evaluation's data sets, from the two generators whose structures differ: `demo`
 * (seeds/synthetic-orders.ts: category tastes, Zipf within categories, favourites, planted bundles,
 * 63 products) and `latent` (seeds/synthetic-orders-latent.ts: latent-factor tastes, consumable
 * cycles, device → accessory sequences, seasonality, launches, a long tail over 596 products).
 */
export interface RecommendationDataset {
  name: string;
  description: string;
  orders: { memberId: number; at: Date; productIds: number[] }[];
  products: {
    id: number;
    title: string;
    category: string;
    attributes: Record<string, string>;
    sustainable: boolean;
    active: boolean;
    availableFrom?: Date | null;
  }[];
}

export const DATASET_NAMES = ['demo', 'latent'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

const DAY_MS = 86_400_000;

export function recommendationDataset(
  name: DatasetName,
  options: { members: number; seed: number; from: Date; until: Date },
): RecommendationDataset {
  return name === 'demo' ? demoDataset(options) : latentDataset(options);
}

function demoDataset(options: {
  members: number;
  seed: number;
  from: Date;
  until: Date;
}): RecommendationDataset {
  const { members, seed, from, until } = options;
  const catalog = DEMO_PRODUCTS.map((product, index) => ({ ...product, id: index + 1 }));
  const idOf = new Map(catalog.map((product) => [product.sku, product.id]));
  const orders: RecommendationDataset['orders'] = [];
  for (let id = 1; id <= members; id++) {
    const { member, identities } = syntheticMember(id, createRandom(seed * 1_000_003 + id), until);
    const history = shopperHistory(
      {
        id,
        joinedAt: member.joinedAt as Date,
        closedAt: member.closedAt as Date | null,
        region: member.region as string,
        identities,
      },
      { seed, catalog, bundles: DEMO_BUNDLES, from, until },
    );
    for (const order of history.orders) {
      if (order.refund?.kind === 'CANCELLATION') continue;
      orders.push({
        memberId: id,
        at: order.purchasedAt,
        productIds: order.lines.map((l) => idOf.get(l.sku)!),
      });
    }
  }
  return {
    name: 'demo',
    description: `${catalog.length} products, category tastes and planted bundles (seeds/synthetic-orders.ts)`,
    orders,
    products: catalog.map((p) => ({
      id: p.id,
      title: p.title,
      category: p.category,
      attributes: p.attributes,
      sustainable: p.sustainable,
      active: true,
    })),
  };
}

function latentDataset(options: {
  members: number;
  seed: number;
  from: Date;
  until: Date;
}): RecommendationDataset {
  const { members, seed, from, until } = options;
  const catalog = latentCatalog(seed, from, until);
  const orders: RecommendationDataset['orders'] = [];
  for (let id = 1; id <= members; id++) {
    orders.push(...latentShopperOrders(id, { seed, catalog, from, until }));
  }
  return {
    name: 'latent',
    description: `${catalog.length} products, latent tastes, consumable cycles, sequences, seasons (seeds/synthetic-orders-latent.ts)`,
    orders,
    products: catalog.map((p) => ({
      id: p.id,
      title: p.title,
      category: p.category,
      attributes: p.attributes,
      sustainable: p.sustainable,
      active: true,
      // Launches during the history; the others were on sale before it began.
      availableFrom: p.availableFrom > from ? p.availableFrom : new Date(from.getTime() - 365 * DAY_MS),
    })),
  };
}
