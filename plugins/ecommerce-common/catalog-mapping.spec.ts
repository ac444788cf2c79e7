import { catalogSku, categorySlug } from './catalog-mapping';

describe('platform products as catalog entries', () => {
  it('keeps valid SKUs and cleans the others', () => {
    expect(catalogSku('shopify', 'IPOD-2008', 'v1')).toBe('IPOD-2008');
    expect(catalogSku('shopify', 'Blue shirt #4', 'v1')).toBe('Blue-shirt--4');
  });

  it('gives a line without SKU a stand-in from the platform id', () => {
    expect(catalogSku('shopify', '', 'v49148385')).toBe('shopify-v49148385');
    expect(catalogSku('woocommerce', null, 'p12')).toBe('woocommerce-p12');
  });

  it('turns product types into category slugs, with a default', () => {
    expect(categorySlug('Cult Products', 'uncategorised')).toBe('cult-products');
    expect(categorySlug('', 'uncategorised')).toBe('uncategorised');
    expect(categorySlug('Café Beans', 'x')).toBe('cafe-beans');
  });
});
