import { budgetAddress } from './client-address';

describe('the address a per-IP budget is keyed by', () => {
  it('keeps IPv4 addresses and unwraps IPv4-mapped IPv6 ones', () => {
    expect(budgetAddress('203.0.113.9')).toBe('203.0.113.9');
    expect(budgetAddress('::ffff:203.0.113.9')).toBe('203.0.113.9');
  });

  it('counts IPv6 addresses by their /64, so rotating inside it does not multiply the budget', () => {
    expect(budgetAddress('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(budgetAddress('2001:DB8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(budgetAddress('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(budgetAddress('::1')).toBe('0:0:0:0::/64');
  });
});
