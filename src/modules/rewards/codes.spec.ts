import { generateCouponCode, generateReferralCode, normalizeCode } from './codes';

describe('reward codes', () => {
  it('makes coupon codes of 16 unambiguous characters that do not repeat', () => {
    const codes = new Set(Array.from({ length: 1000 }, generateCouponCode));
    expect(codes.size).toBe(1000);
    for (const code of codes) expect(code).toMatch(/^[A-HJKMNP-Z2-9]{16}$/);
  });

  it('makes referral codes of 8 readable characters', () => {
    expect(generateReferralCode()).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
  });

  it('ignores case, spaces and dashes in a typed code', () => {
    expect(normalizeCode(' abcd-efgh ijkm-npqr ')).toBe('ABCDEFGHIJKMNPQR');
  });
});
