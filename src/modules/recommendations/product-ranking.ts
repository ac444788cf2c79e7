import { FOLLOW_WINDOW_DAYS, type Neighbour } from './co-purchase.model';
import {
  NEW_PRODUCT_DAYS,
  NEW_PRODUCT_MAX_BUYERS,
  type BlendWeights,
  type ModelParams,
} from './model-params';
import { rebuyScore, typicalIntervalDays, type RepeatStats } from './rebuy-timing';

export interface CandidateProduct {
  id: number;
  title: string;
  category: string;
  attributes: Record<string, string>;
  sustainable: boolean;
  active: boolean;
  /** Distinct members who bought it (the all-time popularity prior). */
  buyers: number;
  /** Repeat purchases (see rebuy-timing.ts); absent: nobody bought it twice. */
  repeat?: Omit<RepeatStats, 'buyers'>;
  /** Trending and seasonal popularity (see popularity-trend.ts); 0 until a full rebuild computed it. */
  trend?: number;
  /** When it went on sale (the catalogue's creation date): a new product has a cold start. */
  availableFrom?: Date | null;
}

export interface HistoryItem {
  productId: number;
  purchases: number;
  firstPurchasedAt: Date;
  lastPurchasedAt: Date;
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
  /** Sequences: members who bought a product you bought lately often buy this one next. */
  BOUGHT_NEXT = 'BOUGHT_NEXT',
  /** Re-buy timing: you buy it again and again, and it is about due. */
  BUY_AGAIN = 'BUY_AGAIN',
  /** Content-based: the categories and attributes (brand, origin...) of what you buy. */
  MATCHES_YOUR_TASTE = 'MATCHES_YOUR_TASTE',
  /** Cold start: a new product (few buyers yet) like what you buy. */
  NEW_ARRIVAL = 'NEW_ARRIVAL',
  /** Trending and seasonal popularity: the fallback for new members. */
  POPULAR_IN_CATEGORY = 'POPULAR_IN_CATEGORY',
}

export interface RankedProduct {
  productId: number;
  score: number;
  reason: { kind: ReasonKind; relatedProductId: number | null; category: string; text: string };
}

/** The unweighted signals of one candidate, each in [0, 1] once scaled (see `blend`). */
export interface ScoredCandidate {
  product: CandidateProduct;
  owned: boolean;
  rebuy: number;
  intervalDays: number | null;
  cf: number;
  cfFrom: number | null;
  next: number;
  nextFrom: number | null;
  popularity: number;
  content: number;
  fresh: number;
}

const DAY_MS = 86_400_000;

/** The sustainable favour: a product's score × this when the member asks for it. */
export const SUSTAINABLE_FAVOUR = 1.25;

/**
 * The signals of every candidate for one member, at `now`: re-buy timing of owned products, item-kNN
 * with time-decayed history weights, "bought next" after recent purchases, trending popularity,
 * content (category share × attribute match) and the cold start of new products by content.
 */
export function scoreCandidates(input: {
  history: readonly HistoryItem[];
  neighbours: ReadonlyMap<number, readonly Neighbour[]>;
  products: ReadonlyMap<number, CandidateProduct>;
  now: Date;
  params: ModelParams;
}): ScoredCandidate[] {
  const { history, neighbours, products, now, params } = input;
  const owned = new Map(history.map((item) => [item.productId, item]));
  const totalPurchases = history.reduce((sum, item) => sum + item.purchases, 0);
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
  const next = new Map<number, { sum: number; best: number; from: number }>();
  const add = (map: typeof cf, id: number, value: number, from: number) => {
    if (value <= 0) return;
    const entry = map.get(id) ?? { sum: 0, best: 0, from };
    entry.sum += value;
    if (value > entry.best) {
      entry.best = value;
      entry.from = from;
    }
    map.set(id, entry);
  };
  for (const item of history) {
    const ageDays = Math.max(0, (now.getTime() - item.lastPurchasedAt.getTime()) / DAY_MS);
    const weight = params.profileHalfLifeDays > 0 ? 0.5 ** (ageDays / params.profileHalfLifeDays) : 1;
    const recency = Math.max(0, 1 - ageDays / FOLLOW_WINDOW_DAYS);
    for (const neighbour of neighbours.get(item.productId) ?? []) {
      add(cf, neighbour.neighbourId, weight * neighbour.score, item.productId);
      add(next, neighbour.neighbourId, recency * (neighbour.nextScore ?? 0), item.productId);
    }
  }

  return [...products.values()].map((product) => {
    const item = owned.get(product.id);
    const attributes = Object.entries(product.attributes);
    const attributeMatch = attributes.length
      ? attributes.filter(([name, value]) => attributeSeen.has(`${name}=${value}`)).length / attributes.length
      : 0;
    const share = categoryShare.get(product.category) ?? 0;
    const stats = {
      buyers: product.buyers,
      repeatBuyers: 0,
      repeatPurchases: 0,
      repeatDaysSum: 0,
      ...product.repeat,
    };
    const isNew =
      product.buyers < NEW_PRODUCT_MAX_BUYERS &&
      !!product.availableFrom &&
      now.getTime() - product.availableFrom.getTime() <= NEW_PRODUCT_DAYS * DAY_MS;
    return {
      product,
      owned: !!item,
      rebuy: item ? rebuyScore(item, stats, now, params.rebuy) : 0,
      intervalDays: item ? typicalIntervalDays(item, stats) : null,
      cf: cf.get(product.id)?.sum ?? 0,
      cfFrom: cf.get(product.id)?.from ?? null,
      next: next.get(product.id)?.sum ?? 0,
      nextFrom: next.get(product.id)?.from ?? null,
      // All-time buyers only break ties once trends are known; before, they are the popularity.
      popularity: (product.trend ?? 0) + 0.001 * product.buyers,
      content: share * (0.7 + 0.3 * attributeMatch),
      fresh: isNew ? share * (0.5 + 0.5 * attributeMatch) : 0,
    };
  });
}

/**
 * The blend: score = Σ weight × part, where CF, "bought next" and popularity are scaled by the best
 * eligible candidate's, re-buy, content and fresh are already in [0, 1]; an owned product's parts
 * other than re-buy count `weights.owned` times; × SUSTAINABLE_FAVOUR for sustainable products when
 * asked. The reason is the part that contributed most; a candidate nothing speaks for is left out.
 */
export function blend(input: {
  scored: readonly ScoredCandidate[];
  weights: BlendWeights;
  dismissed: ReadonlySet<number>;
  /** Bought by the member though not in the history read (which holds the most bought only). */
  purchased?: ReadonlySet<number>;
  options: RankingOptions;
  titleOf?: (productId: number) => string | null;
}): RankedProduct[] {
  const { weights, dismissed, options } = input;
  const purchased = input.purchased ?? new Set<number>();
  const eligible = input.scored.filter(
    ({ product, owned }) =>
      product.active &&
      !dismissed.has(product.id) &&
      !(options.excludePurchased && (owned || purchased.has(product.id))) &&
      inCategory(product.category, options.category),
  );
  const max = (pick: (c: ScoredCandidate) => number) => Math.max(0, ...eligible.map(pick));
  const maxCf = max((c) => c.cf);
  const maxNext = max((c) => c.next);
  const maxPopularity = max((c) => c.popularity);
  const ranked = eligible.flatMap((c): RankedProduct[] => {
    const ownedFactor = c.owned ? weights.owned : 1;
    const parts: [ReasonKind, number][] = [
      [ReasonKind.BUY_AGAIN, options.excludePurchased ? 0 : weights.rebuy * c.rebuy],
      [ReasonKind.BOUGHT_WITH, maxCf > 0 ? (ownedFactor * weights.cf * c.cf) / maxCf : 0],
      [ReasonKind.BOUGHT_NEXT, maxNext > 0 ? (ownedFactor * weights.next * c.next) / maxNext : 0],
      [ReasonKind.NEW_ARRIVAL, ownedFactor * weights.fresh * c.fresh],
      [ReasonKind.MATCHES_YOUR_TASTE, ownedFactor * weights.content * c.content],
      [
        ReasonKind.POPULAR_IN_CATEGORY,
        maxPopularity > 0 ? (ownedFactor * weights.popularity * c.popularity) / maxPopularity : 0,
      ],
    ];
    const sum = parts.reduce((total, [, value]) => total + value, 0);
    if (sum <= 0) return [];
    const score = sum * (options.favourSustainable && c.product.sustainable ? SUSTAINABLE_FAVOUR : 1);
    const kind = parts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    const related =
      kind === ReasonKind.BOUGHT_WITH ? c.cfFrom : kind === ReasonKind.BOUGHT_NEXT ? c.nextFrom : null;
    return [
      {
        productId: c.product.id,
        score: Math.round(score * 10_000) / 10_000,
        reason: {
          kind,
          relatedProductId: related,
          category: c.product.category,
          text: reasonText(kind, c, related === null ? null : (input.titleOf?.(related) ?? null)),
        },
      },
    ];
  });
  return ranked.sort((a, b) => b.score - a.score || a.productId - b.productId).slice(0, options.first);
}

/** Signals then blend, with the weights of the mode asked for (all products, or new to the member). */
export function rankProducts(input: {
  history: readonly HistoryItem[];
  neighbours: ReadonlyMap<number, readonly Neighbour[]>;
  products: ReadonlyMap<number, CandidateProduct>;
  dismissed: ReadonlySet<number>;
  purchased?: ReadonlySet<number>;
  options: RankingOptions;
  now: Date;
  params: ModelParams;
}): RankedProduct[] {
  return blend({
    scored: scoreCandidates(input),
    weights: input.options.excludePurchased ? input.params.weights.newToMember : input.params.weights.all,
    dismissed: input.dismissed,
    purchased: input.purchased,
    options: input.options,
    titleOf: (id) => input.products.get(id)?.title ?? null,
  });
}

function inCategory(category: string, filter: string | null | undefined): boolean {
  return !filter || category === filter || category.startsWith(`${filter}/`);
}

function reasonText(kind: ReasonKind, c: ScoredCandidate, relatedTitle: string | null): string {
  switch (kind) {
    case ReasonKind.BOUGHT_WITH:
      return `Members who bought ${relatedTitle ?? 'what you bought'} also bought this`;
    case ReasonKind.BOUGHT_NEXT:
      return `Members who bought ${relatedTitle ?? 'what you bought'} often buy this next`;
    case ReasonKind.BUY_AGAIN:
      return c.intervalDays !== null
        ? `You buy it about every ${Math.max(1, Math.round(c.intervalDays))} days: due again`
        : 'You buy it regularly';
    case ReasonKind.MATCHES_YOUR_TASTE:
      return `You often buy ${c.product.category}`;
    case ReasonKind.NEW_ARRIVAL:
      return `New in ${c.product.category}, like what you buy`;
    default:
      return `Popular in ${c.product.category}`;
  }
}
