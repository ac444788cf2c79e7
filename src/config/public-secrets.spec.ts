import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isPublicSecret } from './public-secrets';

const ROOT = path.join(__dirname, '..', '..');
/** Where code, tests, samples and docs that could hold a secret are committed. */
const SCANNED = ['src', 'test', 'plugins', 'bench', 'seeds', 'scripts'];
const MIN_LENGTH = 16;

// A quoted value with no whitespace and no interpolation: a secret is one token, a message is not.
const VALUE = `(?<quote>['"\`])(?<value>[^'"\`\\s]{${MIN_LENGTH},})\\k<quote>`;
/** `name = '...'`, `name: '...'` or `'name': '...'` where the name says it holds a secret. */
const NAMED = new RegExp(
  `['"]?(?<name>[A-Za-z0-9_$-]*(?:secret|key|token|password)[A-Za-z0-9_$-]*)['"]?\\s*[:=]\\s*${VALUE}`,
  'gi',
);
/** Platform secrets recognisable by their prefix wherever they sit (Shopify, Stripe). */
const PREFIXED = new RegExp(
  `(?<quote>['"\`])(?<value>(?:shpss_|whsec_|sk_)[^'"\`\\s]{${MIN_LENGTH - 3},})\\k<quote>`,
  'g',
);
// Names that contain "key" but hold identifiers, not secrets.
const NOT_SECRET_NAMES = /^foreignKeyConstraintName$/i;

interface Found {
  file: string;
  line: number;
  value: string;
}

function secretLiterals(file: string, text: string): Found[] {
  const found: Found[] = [];
  const lineOf = (index: number) => text.slice(0, index).split('\n').length;
  for (const match of text.matchAll(NAMED)) {
    const { name, value } = match.groups!;
    if (NOT_SECRET_NAMES.test(name) || value.includes('${')) continue;
    found.push({ file, line: lineOf(match.index), value });
  }
  for (const match of text.matchAll(PREFIXED)) {
    const { value } = match.groups!;
    if (!value.includes('${')) found.push({ file, line: lineOf(match.index), value });
  }
  return found;
}

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z', '--', ...SCANNED], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
}

describe('publicly known secrets', () => {
  it('finds secret-looking literals assigned to secret names or carrying a platform prefix', () => {
    const sample = [
      "const SHOP_SECRET = 'shop-secret-0123456789';",
      "configure: { signingSecret: 'a-long-test-secret' },",
      'const apiKey = `key-without-interpolation`;',
      'headers: { \'x-api-token\': "tok-0123456789abcdef" }',
      "send(body, 'whsec_anyone_0123456789');",
      'const id = `${prefix}-not-a-literal-secret`;',
      "const KEY_MESSAGE = 'idempotencyKey may hold letters';",
      "const secret = 'too-short';",
      "@JoinColumn({ foreignKeyConstraintName: 'FK_member_tier_member' })",
    ].join('\n');

    expect(secretLiterals('sample.ts', sample).map((f) => f.value)).toEqual([
      'shop-secret-0123456789',
      'a-long-test-secret',
      'key-without-interpolation',
      'tok-0123456789abcdef',
      'whsec_anyone_0123456789',
    ]);
  });

  it('lists every secret-looking literal committed to the repository, so production refuses it', () => {
    const files = trackedFiles();
    expect(files).toContain('test/harness/test-environment.ts');
    // This file's own samples above are invented to exercise the scanner, not used anywhere.
    const self = path.relative(ROOT, __filename).split(path.sep).join('/');
    const found = files
      .filter((file) => file !== self)
      .flatMap((file) => secretLiterals(file, readFileSync(path.join(ROOT, file), 'utf8')));
    expect(found.length).toBeGreaterThan(10);

    const missing = found
      .filter((f) => !isPublicSecret(f.value))
      .map((f) => `${f.file}:${f.line} ${f.value}`);
    const unique = [...new Set(missing)];
    // Add each to KNOWN_PUBLIC_SECRETS in public-secrets.ts (or stop committing it).
    expect(unique).toEqual([]);
  });
});
