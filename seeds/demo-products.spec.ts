import { SKU_PATTERN } from '../src/modules/catalog/product.types';
import { DEMO_BONUS_CATEGORY, DEMO_SUSTAINABLE_CATEGORIES } from './demo-earning-rules';
import { DEMO_BUNDLES, DEMO_PRODUCTS } from './demo-products';

describe('demo products', () => {
  it('has about sixty products with unique SKUs, lower-case category slugs and whole prices in cents', () => {
    expect(DEMO_PRODUCTS.length).toBeGreaterThanOrEqual(55);
    expect(new Set(DEMO_PRODUCTS.map((product) => product.sku)).size).toBe(DEMO_PRODUCTS.length);
    for (const product of DEMO_PRODUCTS) {
      expect(product.sku).toMatch(SKU_PATTERN);
      expect(product.category).toMatch(/^[a-z0-9][a-z0-9\-/]*$/);
      expect(Number.isInteger(product.priceMinor) && product.priceMinor > 0).toBe(true);
      expect(Object.keys(product.attributes).length).toBeGreaterThan(0);
    }
  });

  it('covers the categories the demo earning rules reward, and marks every eco product sustainable', () => {
    const categories = new Set(DEMO_PRODUCTS.map((product) => product.category));
    for (const category of [DEMO_BONUS_CATEGORY, ...DEMO_SUSTAINABLE_CATEGORIES]) {
      expect(categories).toContain(category);
    }
    expect(categories.size).toBeGreaterThanOrEqual(9);
    const eco = DEMO_PRODUCTS.filter((product) => DEMO_SUSTAINABLE_CATEGORIES.includes(product.category));
    expect(eco.every((product) => product.sustainable)).toBe(true);
    // A few sustainable products outside the eco categories (organic T-shirt, soap bar...).
    expect(DEMO_PRODUCTS.filter((product) => product.sustainable).length).toBeGreaterThan(eco.length);
  });

  it('builds its bundles from catalog products, two different ones each, with a probability', () => {
    const skus = new Set(DEMO_PRODUCTS.map((product) => product.sku));
    for (const {
      skus: [a, b],
      probability,
    } of DEMO_BUNDLES) {
      expect(skus.has(a) && skus.has(b) && a !== b).toBe(true);
      expect(probability > 0 && probability <= 1).toBe(true);
    }
  });
});
