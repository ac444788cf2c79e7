/**
 * Just enough semver for compatibility ranges: `||` alternatives of space-separated comparators, each
 * `^1.2.3`, `~1.2.3`, `>=1.2.3`, `>1.2.3`, `<=1.2.3`, `<1.2.3`, `=1.2.3`, `1.2.3`, `1.x`, `*`.
 * Pre-release tags are ignored (the core does not publish them).
 */
type Version = [number, number, number];

export function satisfies(version: string, range: string): boolean {
  const v = parse(version);
  if (!v) throw new Error(`"${version}" is not a version`);
  return range.split('||').some((part) =>
    part
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .every((comparator) => matches(v, comparator)),
  );
}

export function isValidRange(range: string): boolean {
  try {
    satisfies('0.0.0', range);
    return range.trim().length > 0;
  } catch {
    return false;
  }
}

function matches(v: Version, comparator: string): boolean {
  if (comparator === '*' || comparator === 'x') return true;
  const match = /^(\^|~|>=|<=|>|<|=)?(.+)$/.exec(comparator)!;
  const [, op = '', raw] = match;
  const wildcard = /^(\d+)(?:\.(x|\*|\d+))?(?:\.(x|\*|\d+))?$/.exec(raw);
  if (!wildcard) throw new Error(`"${comparator}" is not a comparator`);
  const parts = [wildcard[1], wildcard[2], wildcard[3]];
  const fixed = parts.findIndex((p) => p === undefined || p === 'x' || p === '*');
  const target = parts.map((p) => (p === undefined || p === 'x' || p === '*' ? 0 : Number(p))) as Version;
  if (fixed >= 0 && op === '') {
    // 1.x, 1.2.x: the fixed parts must be equal
    return target.slice(0, fixed).every((n, i) => v[i] === n);
  }
  const c = compare(v, target);
  switch (op) {
    case '>=':
      return c >= 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    case '<':
      return c < 0;
    case '^': {
      const upper: Version =
        target[0] > 0 ? [target[0] + 1, 0, 0] : target[1] > 0 ? [0, target[1] + 1, 0] : [0, 0, target[2] + 1];
      return c >= 0 && compare(v, upper) < 0;
    }
    case '~':
      return c >= 0 && compare(v, [target[0], target[1] + 1, 0]) < 0;
    default:
      return c === 0;
  }
}

function parse(version: string): Version | null {
  const match = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(version.trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : null;
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
