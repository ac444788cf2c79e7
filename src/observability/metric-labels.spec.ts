import { MAX_OPERATIONS, methodLabel, operationLabel, outcomeLabel, routeLabel } from './metric-labels';

describe('metric labels stay bounded', () => {
  it('names anonymous and unresolved operations, and keeps a sane GraphQL operation name', () => {
    expect(operationLabel('(anonymous)')).toBe('anonymous');
    expect(operationLabel(undefined)).toBe('unresolved');
    expect(operationLabel('MemberCount')).toBe('MemberCount');
  });

  it('counts names that do not look like GraphQL names, or are longer than 64 characters, as "other"', () => {
    expect(operationLabel('a'.repeat(65))).toBe('other');
    expect(operationLabel('1stQuery')).toBe('other');
    expect(operationLabel('ada@example.com')).toBe('other');
  });

  it('keeps at most MAX_OPERATIONS distinct names, then answers "other" for new ones only', () => {
    for (let i = 0; i < MAX_OPERATIONS + 10; i++) operationLabel(`Generated${i}`);
    expect(operationLabel(`Generated${MAX_OPERATIONS + 50}`)).toBe('other');
    expect(operationLabel('MemberCount')).toBe('MemberCount');
  });

  it('keeps error codes as outcomes and turns anything else into ERROR', () => {
    expect(outcomeLabel('OK')).toBe('OK');
    expect(outcomeLabel('INSUFFICIENT_POINTS')).toBe('INSUFFICIENT_POINTS');
    expect(outcomeLabel('member 42 not found')).toBe('ERROR');
    expect(outcomeLabel(undefined)).toBe('ERROR');
  });

  it('labels HTTP requests by their first known path segment and a known method, never the rest', () => {
    expect(routeLabel('/graphql?query={__typename}')).toBe('/graphql');
    expect(routeLabel('/webhooks/shopify/orders')).toBe('/webhooks');
    expect(routeLabel('/members/42')).toBe('other');
    expect(methodLabel('POST')).toBe('POST');
    expect(methodLabel('PROPFIND')).toBe('other');
  });
});
