import { parseJsonLossless } from './lossless-json';

describe('lossless JSON parsing', () => {
  it('keeps every digit of integers above 2^53 as strings', () => {
    const parsed = parseJsonLossless('{"id": 820982911946154508, "items": [{"id":9007199254740993}]}') as any;
    expect(parsed.id).toBe('820982911946154508');
    expect(parsed.items[0].id).toBe('9007199254740993');
  });

  it('leaves small numbers, decimals and text untouched', () => {
    const parsed = parseJsonLossless(
      '{"n": 42, "price": 199.99, "neg": -3, "e": 1e3, "text": "id 820982911946154508 \\" x"}',
    ) as any;
    expect(parsed).toEqual({ n: 42, price: 199.99, neg: -3, e: 1000, text: 'id 820982911946154508 " x' });
  });
});
