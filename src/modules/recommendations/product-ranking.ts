import type { Neighbour } from './co-purchase.model';

export interface CandidateProduct {
  id: number;
  title: string;
  category: string;
  attributes: Record<string, string>;
  sustainable: boolean;
  active: boolean;
  /** Distinct members who bought it (the popularity prior). */
  buyers: number;
}

export interface HistoryItem {
  productId: number;
  purchases: number;
}

export interface RankingOptions {
  first: number;
  excludePurchased: boolean;
  /** Only this category and its subcategories (`eco` matches `eco/refills`). */
  category?: string | null;
  favourSustainable: boolean;
}

export enum ReasonKind {
  /** Item-to-item CF: members who bought a product you bought also bought this one. */
  BOUGHT_WITH = 'BOUGHT_WITH',
  /** You buy it again and again (favourites, consumables). */
  BUY_AGAIN = 'BUY_AGAIN',
  /** Content-based: the categories and attributes (brand, origin...) of what you buy. */
  MATCHES_YOUR_TASTE = 'MATCHES_YOUR_TASTE',
  /** Popularity: the fallback for new members. */
  POPULAR_IN_CATEGORY = 'POPULAR_IN_CATEGORY',
}

export interface RankedProduct {
  productId: number;
  score: number;
  reason: { kind: ReasonKind; relatedProductId: number | null; category: string; text: string };
}

/**
 * The blend, documented in the README: score = 0.45·CF + 0.35·content + 0.20·popularity (+ 0.45·rebuy
 * unless bought products are excluded), each part scaled to [0, 1]; × 1.25 for sustainable products when
 * asked. CF = Σ cosine(i, j) over the member's products i, divided by the best candidate's; content =
 * the share of the member's purchases in j's category × (0.7 + 0.3 × share of j's attributes seen in
 * them); popularity = buyers(j) / buyers of the most bought candidate; rebuy = purchases(j) / the
 * member's most bought product. The reason is the part that contributed most.
 */
export const WEIGHTS = { cf: 0.45, content: 0.35, popularity: 0.2, rebuy: 0.45, sustainable: 1.25 };

export function rankProducts(input: {
  history: readonly HistoryItem[];
  neighbours: ReadonlyMap<number, readonly Neighbour[]>;
  products: ReadonlyMap<number, CandidateProduct>;
  dismissed: ReadonlySet<number>;
  /** Bought by the member though not in `history` (which holds the most bought only). */
  purchased?: ReadonlySet<number>;
  options: RankingOptions;
}): RankedProduct[] {
  const { history, neighbours, products, dismissed, options } = input;
  const purchased = input.purchased ?? new Set<number>();
  const owned = new Map(history.map((item) => [item.productId, item.purchases]));
  const totalPurchases = history.reduce((sum, item) => sum + item.purchases, 0);
  const maxPurchases = Math.max(1, ...history.map((item) => item.purchases));
  const categoryShare = new Map<string, number>();
  const attributeSeen = new Set<string>();
  for (const item of history) {
    const product = products.get(item.productId);
    if (!product) continue;
    categoryShare.set(
      product.category,
      (categoryShare.get(product.category) ?? 0) + item.purchases / totalPurchases,
    );
    for (const [name, value] of Object.entries(product.attributes)) attributeSeen.add(`${name}=${value}`);
  }

  const cf = new Map<number, { sum: number; best: number; from: number }>();
  for (const item of history) {
    for (const neighbour of neighbours.get(item.productId) ?? []) {
      const entry = cf.get(neighbour.neighbourId) ?? { sum: 0, best: 0, from: item.productId };
      entry.sum += neighbour.score;
      if (neighbour.score > entry.best) {
        entry.best = neighbour.score;
        entry.from = item.productId;
      }
      cf.set(neighbour.neighbourId, entry);
    }
  }

  const eligible = [...products.values()].filter(
    (product) =>
      product.active &&
      !dismissed.has(product.id) &&
      !(options.excludePurchased && (owned.has(product.id) || purchased.has(product.id))) &&
      inCategory(product.category, options.category),
  );
  const maxCf = Math.max(0, ...eligible.map((product) => cf.get(product.id)?.sum ?? 0));
  const maxBuyers = Math.max(1, ...eligible.map((product) => product.buyers));

  const ranked = eligible.flatMap((product): RankedProduct[] => {
    const attributes = Object.entries(product.attributes);
    const attributeMatch = attributes.length
      ? attributes.filter(([name, value]) => attributeSeen.has(`${name}=${value}`)).length / attributes.length
      : 0;
    const parts = {
      [ReasonKind.BOUGHT_WITH]: maxCf > 0 ? (WEIGHTS.cf * (cf.get(product.id)?.sum ?? 0)) / maxCf : 0,
      [ReasonKind.MATCHES_YOUR_TASTE]:
        WEIGHTS.content * (categoryShare.get(product.category) ?? 0) * (0.7 + 0.3 * attributeMatch),
      [ReasonKind.POPULAR_IN_CATEGORY]: (WEIGHTS.popularity * product.buyers) / maxBuyers,
      [ReasonKind.BUY_AGAIN]: options.excludePurchased
        ? 0
        : (WEIGHTS.rebuy * (owned.get(product.id) ?? 0)) / maxPurchases,
    };
    const sum = Object.values(parts).reduce((a, b) => a + b, 0);
    // Nothing speaks for it (nobody bought it, nor with the member's products, outside their
    // categories): it has no reason to give, so it is no recommendation (the offline evaluation
    // ranks the whole catalog, where such products exist).
    if (sum <= 0) return [];
    const score = sum * (options.favourSustainable && product.sustainable ? WEIGHTS.sustainable : 1);
    const kind = (Object.entries(parts) as [ReasonKind, number][]).reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    const related = kind === ReasonKind.BOUGHT_WITH ? cf.get(product.id)!.from : null;
    return [
      {
        productId: product.id,
        score: Math.round(score * 10_000) / 10_000,
        reason: {
          kind,
          relatedProductId: related,
          category: product.category,
          text: reasonText(kind, product, related === null ? null : (products.get(related)?.title ?? null)),
        },
      },
    ];
  });
  return ranked.sort((a, b) => b.score - a.score || a.productId - b.productId).slice(0, options.first);
}

function inCategory(category: string, filter: string | null | undefined): boolean {
  return !filter || category === filter || category.startsWith(`${filter}/`);
}

function reasonText(kind: ReasonKind, product: CandidateProduct, relatedTitle: string | null): string {
  switch (kind) {
    case ReasonKind.BOUGHT_WITH:
      return `Members who bought ${relatedTitle ?? 'what you bought'} also bought this`;
    case ReasonKind.BUY_AGAIN:
      return 'You buy it regularly';
    case ReasonKind.MATCHES_YOUR_TASTE:
      return `You often buy ${product.category}`;
    default:
      return `Popular in ${product.category}`;
  }
}
