import { isValidRange, satisfies } from './semver-range';

describe('semver ranges for plugin compatibility', () => {
  it('accepts versions inside caret, tilde and comparator ranges', () => {
    expect(satisfies('0.1.5', '^0.1.0')).toBe(true);
    expect(satisfies('1.4.0', '^1.2.3')).toBe(true);
    expect(satisfies('1.2.9', '~1.2.3')).toBe(true);
    expect(satisfies('2.0.0', '>=1.0.0 <3.0.0')).toBe(true);
    expect(satisfies('1.7.0', '1.x')).toBe(true);
    expect(satisfies('5.0.0', '*')).toBe(true);
    expect(satisfies('3.1.0', '^1.0.0 || ^3.0.0')).toBe(true);
  });

  it('refuses versions outside them', () => {
    expect(satisfies('0.2.0', '^0.1.0')).toBe(false);
    expect(satisfies('2.0.0', '^1.2.3')).toBe(false);
    expect(satisfies('1.3.0', '~1.2.3')).toBe(false);
    expect(satisfies('3.0.0', '>=1.0.0 <3.0.0')).toBe(false);
    expect(satisfies('2.0.0', '1.x')).toBe(false);
  });

  it('tells a malformed range apart', () => {
    expect(isValidRange('^0.1.0')).toBe(true);
    expect(isValidRange('banana')).toBe(false);
    expect(isValidRange('')).toBe(false);
  });
});
