import { type EntityManager, In } from 'typeorm';
import { Product } from '../src/modules/catalog';
import { DEMO_BONUS_CATEGORY, DEMO_SUSTAINABLE_CATEGORIES } from './demo-earning-rules';
import { clock } from '../src/common/clock';

export interface DemoProduct {
  sku: string;
  title: string;
  category: string;
  /** List price in EUR minor units (VAT included, as a shelf price). */
  priceMinor: number;
  sustainable: boolean;
  /** Name → value (brand, colour, material...); stored as the catalog's list of attributes. */
  attributes: Record<string, string>;
}

const [REFILLS, REUSABLES, SECOND_HAND] = DEMO_SUSTAINABLE_CATEGORIES;
const COFFEE = DEMO_BONUS_CATEGORY;

const p = (
  sku: string,
  title: string,
  category: string,
  priceMinor: number,
  attributes: Record<string, string>,
  sustainable = DEMO_SUSTAINABLE_CATEGORIES.includes(category),
): DemoProduct => ({ sku, title, category, priceMinor, sustainable, attributes });

/**
 * The demo catalog: 63 products in nine categories, from 1.90 croissants to a 189.00 second-hand
 * espresso machine, so baskets, price levels and the coffee and sustainable earning rules all have
 * something to work on. SKUs are stable: synthetic orders and their bundles refer to them.
 */
export const DEMO_PRODUCTS: DemoProduct[] = [
  // Coffee (double points under the "Coffee lovers" rule)
  p('COF-ETH-250', 'Ethiopia Yirgacheffe beans 250 g', COFFEE, 1290, {
    brand: 'Bean & Leaf',
    origin: 'Ethiopia',
    roast: 'light',
    form: 'beans',
  }),
  p('COF-COL-250', 'Colombia Huila beans 250 g', COFFEE, 1090, {
    brand: 'Bean & Leaf',
    origin: 'Colombia',
    roast: 'medium',
    form: 'beans',
  }),
  p('COF-BRA-1000', 'Brazil Santos beans 1 kg', COFFEE, 2990, {
    brand: 'Bean & Leaf',
    origin: 'Brazil',
    roast: 'medium',
    form: 'beans',
  }),
  p('COF-HOUSE-500', 'House espresso blend 500 g', COFFEE, 1490, {
    brand: 'Kaffeewerk',
    origin: 'Blend',
    roast: 'dark',
    form: 'beans',
  }),
  p('COF-DECAF-250', 'Swiss water decaf 250 g', COFFEE, 1190, {
    brand: 'Kaffeewerk',
    origin: 'Peru',
    roast: 'medium',
    form: 'beans',
  }),
  p('COF-GROUND-250', 'Filter ground coffee 250 g', COFFEE, 790, {
    brand: 'Kaffeewerk',
    origin: 'Blend',
    roast: 'medium',
    form: 'ground',
  }),
  p('COF-GEISHA-100', 'Panama Geisha micro-lot 100 g', COFFEE, 3490, {
    brand: 'Rare Roasts',
    origin: 'Panama',
    roast: 'light',
    form: 'beans',
  }),
  p('COF-COLDBREW-6', 'Cold brew cans, 6 pack', COFFEE, 1190, {
    brand: 'Kaffeewerk',
    form: 'drink',
    size: '6 × 250 ml',
  }),
  p('COF-FILTER-100', 'Paper filters size 4, 100 pcs', COFFEE, 390, {
    brand: 'Melitta-style',
    material: 'paper',
    colour: 'white',
  }),
  p('COF-POUROVER', 'Ceramic pour-over dripper', COFFEE, 2490, {
    brand: 'Kaffeewerk',
    material: 'ceramic',
    colour: 'white',
  }),
  p('COF-GRINDER', 'Hand burr grinder', COFFEE, 5990, {
    brand: 'Rare Roasts',
    material: 'steel',
    colour: 'black',
  }),
  p(
    'COF-ORGANIC-500',
    'Organic fair-trade beans 500 g',
    COFFEE,
    1690,
    { brand: 'Bean & Leaf', origin: 'Honduras', roast: 'medium', form: 'beans', certification: 'Fairtrade' },
    true,
  ),

  // Tea
  p('TEA-SENCHA-100', 'Japanese sencha 100 g', 'tea', 990, {
    brand: 'Leaf Lab',
    origin: 'Japan',
    type: 'green',
  }),
  p('TEA-ASSAM-250', 'Assam breakfast 250 g', 'tea', 890, {
    brand: 'Leaf Lab',
    origin: 'India',
    type: 'black',
  }),
  p('TEA-EARLGREY-100', 'Earl Grey with bergamot 100 g', 'tea', 790, {
    brand: 'Leaf Lab',
    origin: 'Sri Lanka',
    type: 'black',
  }),
  p('TEA-CHAMOMILE-50', 'Chamomile blossoms 50 g', 'tea', 590, { brand: 'Herbarium', type: 'herbal' }),
  p('TEA-MATCHA-30', 'Ceremonial matcha 30 g', 'tea', 2490, {
    brand: 'Leaf Lab',
    origin: 'Japan',
    type: 'green',
  }),
  p('TEA-OOLONG-100', 'Tie Guan Yin oolong 100 g', 'tea', 1390, {
    brand: 'Leaf Lab',
    origin: 'China',
    type: 'oolong',
  }),
  p('TEA-INFUSER', 'Steel tea infuser', 'tea', 690, {
    brand: 'Herbarium',
    material: 'steel',
    colour: 'silver',
  }),

  // Bakery
  p('BAK-CROISSANT', 'Butter croissant', 'bakery', 190, { brand: 'Backstube', diet: 'vegetarian' }),
  p('BAK-SOURDOUGH', 'Rye sourdough loaf 750 g', 'bakery', 490, { brand: 'Backstube', diet: 'vegan' }),
  p('BAK-CINNAMON', 'Cinnamon bun', 'bakery', 290, { brand: 'Backstube', diet: 'vegetarian' }),
  p('BAK-BROWNIE', 'Chocolate brownie', 'bakery', 320, { brand: 'Backstube', diet: 'vegetarian' }),
  p('BAK-BAGEL-4', 'Sesame bagels, 4 pack', 'bakery', 450, { brand: 'Backstube', diet: 'vegan' }),
  p('BAK-COOKIES', 'Oat cookies 200 g', 'bakery', 390, { brand: 'Backstube', diet: 'vegan' }),
  p('BAK-CAKE', 'Cheesecake, whole', 'bakery', 2490, {
    brand: 'Backstube',
    diet: 'vegetarian',
    size: '8 slices',
  }),

  // Sustainable: refills (20 extra points per item)
  p('ECO-REFILL-DISH', 'Dish soap refill 1 l', REFILLS, 490, {
    brand: 'Green Loop',
    material: 'plant-based',
    size: '1 l',
  }),
  p('ECO-REFILL-LAUNDRY', 'Laundry liquid refill 2 l', REFILLS, 1290, {
    brand: 'Green Loop',
    material: 'plant-based',
    size: '2 l',
  }),
  p('ECO-REFILL-SHAMPOO', 'Shampoo refill 500 ml', REFILLS, 890, {
    brand: 'Green Loop',
    material: 'plant-based',
    size: '500 ml',
  }),
  p('ECO-REFILL-HANDSOAP', 'Hand soap refill 1 l', REFILLS, 690, {
    brand: 'Green Loop',
    material: 'plant-based',
    size: '1 l',
  }),
  p('ECO-REFILL-CLEANER', 'All-purpose cleaner tablets, 5 pack', REFILLS, 590, {
    brand: 'Tabula',
    material: 'plant-based',
  }),

  // Sustainable: reusables
  p('ECO-CUP-350', 'Reusable coffee cup 350 ml', REUSABLES, 1490, {
    brand: 'KeepWell',
    material: 'bamboo fibre',
    colour: 'sage',
  }),
  p('ECO-BOTTLE-750', 'Steel water bottle 750 ml', REUSABLES, 2490, {
    brand: 'KeepWell',
    material: 'steel',
    colour: 'navy',
  }),
  p('ECO-TOTE', 'Organic cotton tote', REUSABLES, 990, {
    brand: 'KeepWell',
    material: 'organic cotton',
    colour: 'natural',
  }),
  p('ECO-WRAPS-3', 'Beeswax food wraps, 3 pack', REUSABLES, 1590, {
    brand: 'Hive & Co',
    material: 'beeswax',
    colour: 'mixed',
  }),
  p('ECO-STRAWS-4', 'Steel straws with brush, 4 pack', REUSABLES, 790, {
    brand: 'KeepWell',
    material: 'steel',
    colour: 'silver',
  }),
  p('ECO-LUNCHBOX', 'Stainless lunch box', REUSABLES, 2990, {
    brand: 'KeepWell',
    material: 'steel',
    colour: 'silver',
  }),
  p('ECO-FILTER-CLOTH', 'Reusable cloth coffee filter', REUSABLES, 890, {
    brand: 'Hive & Co',
    material: 'organic cotton',
    colour: 'natural',
  }),

  // Sustainable: second-hand
  p('SH-DENIM-JACKET', 'Pre-loved denim jacket', SECOND_HAND, 3900, {
    brand: 'ReWear',
    material: 'denim',
    colour: 'blue',
    condition: 'very good',
  }),
  p('SH-WOOL-SWEATER', 'Pre-loved merino sweater', SECOND_HAND, 2900, {
    brand: 'ReWear',
    material: 'merino',
    colour: 'grey',
    condition: 'good',
  }),
  p('SH-ESPRESSO-MACHINE', 'Refurbished espresso machine', SECOND_HAND, 18900, {
    brand: 'ReBrew',
    material: 'steel',
    colour: 'silver',
    condition: 'refurbished',
  }),
  p('SH-MUG-SET', 'Vintage stoneware mugs, set of 4', SECOND_HAND, 2400, {
    brand: 'ReHome',
    material: 'stoneware',
    colour: 'brown',
    condition: 'good',
  }),
  p('SH-BOOKS-BUNDLE', 'Second-hand cookbook bundle', SECOND_HAND, 1500, {
    brand: 'ReRead',
    material: 'paper',
    condition: 'good',
  }),

  // Apparel
  p(
    'APP-TSHIRT-ORG',
    'Organic cotton T-shirt',
    'apparel',
    2490,
    { brand: 'Northline', material: 'organic cotton', colour: 'white', size: 'M' },
    true,
  ),
  p('APP-HOODIE', 'Logo hoodie', 'apparel', 5990, {
    brand: 'Northline',
    material: 'cotton',
    colour: 'black',
    size: 'L',
  }),
  p('APP-SOCKS-3', 'Merino socks, 3 pack', 'apparel', 1990, {
    brand: 'Northline',
    material: 'merino',
    colour: 'grey',
  }),
  p('APP-BEANIE', 'Knitted beanie', 'apparel', 2290, {
    brand: 'Northline',
    material: 'wool',
    colour: 'mustard',
  }),
  p(
    'APP-RAINCOAT',
    'Recycled-fibre rain jacket',
    'apparel',
    12900,
    { brand: 'Fjordwear', material: 'recycled polyester', colour: 'olive', size: 'M' },
    true,
  ),
  p('APP-APRON', 'Barista apron', 'apparel', 3490, {
    brand: 'Kaffeewerk',
    material: 'canvas',
    colour: 'brown',
  }),
  p('APP-CAP', 'Baseball cap', 'apparel', 1990, { brand: 'Northline', material: 'cotton', colour: 'navy' }),

  // Homeware
  p('HOME-MUG', 'Stoneware mug 300 ml', 'homeware', 1290, {
    brand: 'Kiln',
    material: 'stoneware',
    colour: 'speckled white',
  }),
  p('HOME-FRENCHPRESS', 'French press 1 l', 'homeware', 3490, {
    brand: 'Kiln',
    material: 'glass',
    colour: 'black',
  }),
  p('HOME-KETTLE', 'Gooseneck kettle', 'homeware', 6990, {
    brand: 'Kiln',
    material: 'steel',
    colour: 'matte black',
  }),
  p(
    'HOME-CANDLE',
    'Soy candle, cedar',
    'homeware',
    1890,
    { brand: 'Hearth', material: 'soy wax', scent: 'cedar' },
    true,
  ),
  p('HOME-BLANKET', 'Wool throw blanket', 'homeware', 8900, {
    brand: 'Hearth',
    material: 'wool',
    colour: 'oat',
  }),
  p('HOME-TEAPOT', 'Cast iron teapot', 'homeware', 4490, {
    brand: 'Kiln',
    material: 'cast iron',
    colour: 'black',
  }),
  p(
    'HOME-COASTERS',
    'Cork coasters, 4 pack',
    'homeware',
    890,
    { brand: 'Hearth', material: 'cork', colour: 'natural' },
    true,
  ),

  // Beauty
  p(
    'BEA-SOAP-BAR',
    'Olive oil soap bar',
    'beauty',
    590,
    { brand: 'Herbarium', material: 'olive oil', scent: 'unscented' },
    true,
  ),
  p('BEA-SHAMPOO-BAR', 'Solid shampoo bar', 'beauty', 990, { brand: 'Herbarium', scent: 'rosemary' }, true),
  p('BEA-HANDCREAM', 'Hand cream 75 ml', 'beauty', 1290, { brand: 'Herbarium', scent: 'lavender' }),
  p('BEA-LIPBALM', 'Lip balm', 'beauty', 450, { brand: 'Hive & Co', material: 'beeswax' }),
  p('BEA-FACEOIL', 'Rosehip face oil 30 ml', 'beauty', 2890, { brand: 'Herbarium', scent: 'natural' }),
  p('BEA-SUNSCREEN', 'Mineral sunscreen SPF 30', 'beauty', 1890, { brand: 'Herbarium', scent: 'unscented' }),
];

/**
 * Pairs bought together far more often than chance: when the first is in a basket, the second joins
 * it with this probability. The recommendations issue evaluates against exactly this structure.
 */
export const DEMO_BUNDLES: { skus: [string, string]; probability: number }[] = [
  { skus: ['COF-ETH-250', 'COF-FILTER-100'], probability: 0.6 },
  { skus: ['COF-COL-250', 'COF-FILTER-100'], probability: 0.5 },
  { skus: ['COF-GROUND-250', 'COF-FILTER-100'], probability: 0.55 },
  { skus: ['COF-POUROVER', 'COF-FILTER-100'], probability: 0.8 },
  { skus: ['HOME-MUG', 'COF-HOUSE-500'], probability: 0.6 },
  { skus: ['HOME-FRENCHPRESS', 'COF-BRA-1000'], probability: 0.5 },
  { skus: ['COF-GRINDER', 'COF-GEISHA-100'], probability: 0.45 },
  { skus: ['ECO-CUP-350', 'COF-ORGANIC-500'], probability: 0.5 },
  { skus: ['TEA-MATCHA-30', 'HOME-TEAPOT'], probability: 0.3 },
  { skus: ['TEA-SENCHA-100', 'TEA-INFUSER'], probability: 0.45 },
  { skus: ['HOME-TEAPOT', 'TEA-OOLONG-100'], probability: 0.6 },
  { skus: ['BAK-CROISSANT', 'COF-COLDBREW-6'], probability: 0.25 },
  { skus: ['BAK-SOURDOUGH', 'BAK-CROISSANT'], probability: 0.4 },
  { skus: ['ECO-REFILL-DISH', 'ECO-REFILL-HANDSOAP'], probability: 0.55 },
  { skus: ['ECO-REFILL-SHAMPOO', 'BEA-SOAP-BAR'], probability: 0.45 },
  { skus: ['ECO-LUNCHBOX', 'ECO-WRAPS-3'], probability: 0.5 },
  { skus: ['SH-ESPRESSO-MACHINE', 'COF-HOUSE-500'], probability: 0.7 },
  { skus: ['APP-HOODIE', 'APP-BEANIE'], probability: 0.35 },
  { skus: ['BEA-HANDCREAM', 'BEA-LIPBALM'], probability: 0.5 },
];

/** Inserts the demo products whose SKU is not in the catalog yet (so it is safe on a catalog with data). */
export async function seedProducts(manager: EntityManager): Promise<number> {
  const existing = new Set(
    (
      await manager.find(Product, {
        select: { sku: true },
        where: { sku: In(DEMO_PRODUCTS.map((d) => d.sku)) },
      })
    ).map((product) => product.sku),
  );
  const now = clock.now();
  const rows = DEMO_PRODUCTS.filter((product) => !existing.has(product.sku)).map((product) => ({
    sku: product.sku,
    title: product.title,
    category: product.category,
    priceMinor: product.priceMinor,
    currency: 'EUR',
    sustainable: product.sustainable,
    active: true,
    attributesJson: JSON.stringify(
      Object.entries(product.attributes).map(([name, value]) => ({ name, value })),
    ),
    createdAt: now,
    updatedAt: now,
  }));
  if (rows.length > 0)
    await manager.createQueryBuilder().insert().into(Product).values(rows).updateEntity(false).execute();
  return rows.length;
}
