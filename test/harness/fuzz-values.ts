import type { FuzzRandom } from './fuzz-random';

/**
 * Hostile values for fuzzing: the edges of each kind (empty, huge, out of range, odd unicode, SQL and
 * LIKE metacharacters, values of the wrong kind). Everything here is JSON, so it can travel as a variable.
 */
const HOSTILE_STRINGS = [
  '',
  ' ',
  'abc',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '😀'.repeat(50),
  'ü✓\u202e\u200b',
  "' OR 1=1 --",
  '"; DROP TABLE member; --',
  '%',
  '_%\\',
  '\\',
  '\n\r\t',
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1e309',
  '9007199254740993',
  '99999999999999999999999999',
  '0x1f',
  ' 1',
  '1.0',
  '2024-02-30',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '+275760-09-13T00:00:00.000Z',
  'not-a-date',
  'x@y',
  'a@b.c',
  'EUR',
  'eur',
  'XXX',
  '+4915199990001',
  'https://example.invalid/hook',
  'Bearer x',
  'member:1',
  Buffer.from('member:1').toString('base64url'),
  Buffer.from('member:99999999999999999999').toString('base64url'),
];

const HOSTILE_NUMBERS = [
  0,
  -0,
  1,
  -1,
  2,
  100,
  101,
  1000,
  2_147_483_647,
  2_147_483_648,
  -2_147_483_649,
  9_007_199_254_740_991,
  Number.MAX_SAFE_INTEGER + 2,
  -(Number.MAX_SAFE_INTEGER + 2),
  1e21,
  1e308,
  -1e308,
  0.5,
  -0.000001,
  5e-324,
];

export function hostileString(random: FuzzRandom): string {
  return random.weighted<() => string>([
    [8, () => random.pick(HOSTILE_STRINGS)],
    [1, () => 'x'.repeat(random.pick([192, 256, 1025, 4096, 30_000]))],
    [1, () => 'ü😀\u0000'.repeat(random.int(1, 3000))],
  ])();
}

export function hostileNumber(random: FuzzRandom): number {
  return random.pick(HOSTILE_NUMBERS);
}

/** An id as clients send it (string) or not: out of range, negative, malformed, of another type. */
export function hostileId(random: FuzzRandom): unknown {
  return random.weighted<() => unknown>([
    [4, () => String(random.int(1, 30))],
    [3, () => random.pick(['0', '-1', '999999999', '9'.repeat(30), '1.5', '1e3', '00001', 'abc', '', ' 7'])],
    [1, () => random.pick(HOSTILE_NUMBERS)],
    [1, () => hostileString(random)],
  ])();
}

/** Any JSON value at all, sometimes deep or wide. */
export function anyJson(random: FuzzRandom, depth = 0): unknown {
  if (depth > 3) return random.pick([null, true, 1, 'x']);
  return random.weighted<() => unknown>([
    [3, () => hostileString(random)],
    [3, () => hostileNumber(random)],
    [1, () => random.chance(0.5)],
    [1, () => null],
    [1, () => Array.from({ length: random.int(0, 4) }, () => anyJson(random, depth + 1))],
    [
      1,
      () =>
        Object.fromEntries([
          ['a', anyJson(random, depth + 1)],
          ['__proto__', { polluted: true }],
        ]),
    ],
    [1, () => deepJson(random.int(50, 3000))],
  ])();
}

/** `[[[...]]]` nested `depth` times: parsers and coercion that recurse meet it. */
export function deepJson(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}
