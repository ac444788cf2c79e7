import { installDefaultPhoneRegion, phoneSearchPrefix, toE164 } from './phone-number';

describe('a member phone number', () => {
  afterEach(() => installDefaultPhoneRegion(undefined));

  it.each([
    ['+49 170 1234567', '+491701234567'],
    ['+49 (0)170-123 4567', '+491701234567'],
    ['+491701234567', '+491701234567'],
    ['+1 (650) 253-0000', '+16502530000'],
    ['+33 6 12 34 56 78', '+33612345678'],
  ])('reads %p as the E.164 number %p', (text, e164) => {
    expect(toE164(text)).toBe(e164);
  });

  it.each([
    ['+1000000', 'the shape of E.164 but no number in any plan'],
    ['+4910500000001', 'a German carrier-selection prefix, not a subscriber'],
    ['0170 1234567', 'a national number while no default region is set'],
    ['+49 170 1234567 ext. 12', 'an extension, which E.164 cannot hold'],
    ['call +49 170 1234567', 'a number inside other text'],
    ['+12', 'too short'],
    ['phone', 'no digits'],
  ])('refuses %p (%s)', (text) => {
    expect(toE164(text)).toBeNull();
  });

  it('reads national numbers in the default region when one is installed, and keeps other countries apart', () => {
    installDefaultPhoneRegion('DE');
    expect(toE164('0170 1234567')).toBe('+491701234567');
    expect(toE164('0049 170 1234567')).toBe('+491701234567');
    expect(toE164('+1 650 253 0000')).toBe('+16502530000');
    expect(toE164('0170 123')).toBeNull();
  });

  it('reads the start of a phone number in a search as the start of its E.164 form', () => {
    expect(phoneSearchPrefix('+49 170 12')).toBe('+4917012');
    expect(phoneSearchPrefix('+49 (0)170 1234567')).toBe('+491701234567');
    expect(phoneSearchPrefix('0170 12')).toBeNull();
    expect(phoneSearchPrefix('Lovelace')).toBeNull();
    expect(phoneSearchPrefix('ada@example.com')).toBeNull();
    installDefaultPhoneRegion('DE');
    expect(phoneSearchPrefix('0170 12')).toBe('+4917012');
  });
});
