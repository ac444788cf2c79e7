import type { SimilarityParams } from './co-purchase.model';
import type { RebuyParams } from './rebuy-timing';

/** How much each signal counts in the blend (scaled parts in [0, 1], see product-ranking.ts). */
export interface BlendWeights {
  /** Re-buy timing of the member's own products. */
  rebuy: number;
  /** Item-kNN: similar to what the member bought. */
  cf: number;
  /** Sequences: bought next after what the member bought lately. */
  next: number;
  /** Trending and seasonal popularity. */
  popularity: number;
  /** Categories and attributes of what the member buys. */
  content: number;
  /** New products (few buyers yet, launched lately) scored by content: the cold start. */
  fresh: number;
  /** Multiplies the non-re-buy parts of a product the member owns (0: only its timing speaks for it). */
  owned: number;
}

export interface ModelParams {
  similarity: SimilarityParams;
  rebuy: RebuyParams;
  /** Half-life in days of a history item's weight in the CF profile (0: no decay). */
  profileHalfLifeDays: number;
  /** One blend for "anything" (re-buys count), one for products new to the member. */
  weights: { all: BlendWeights; newToMember: BlendWeights };
}

/**
 * The parameters the API ranks with: the choices the tuning made most often on the evaluation's two
 * generators (`npm run recs:evaluate` tunes them on a validation window cut from the end of the
 * training data). Tuning them on the programme's own orders in the nightly rebuild is left to do.
 */
export const DEFAULT_PARAMS: ModelParams = {
  similarity: { neighbours: 50, shrinkage: 0 },
  rebuy: { horizonDays: 60, dueExponent: 1 },
  profileHalfLifeDays: 0,
  weights: {
    all: { rebuy: 2, cf: 0.45, next: 0.3, popularity: 0.1, content: 0.35, fresh: 0.1, owned: 0.5 },
    newToMember: { rebuy: 0, cf: 1.2, next: 0.3, popularity: 0.1, content: 1, fresh: 0.2, owned: 0 },
  },
};

/** A product counts as new (cold start) while it has fewer buyers than this and is this recent. */
export const NEW_PRODUCT_MAX_BUYERS = 5;
export const NEW_PRODUCT_DAYS = 120;
