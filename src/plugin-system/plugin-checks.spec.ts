import { Entity, PrimaryGeneratedColumn } from 'typeorm';
import { checkPlugins, type CoreFacts } from './plugin-checks';
import type { PluginDefinition } from './plugin-definition';
import { PluginLoadError } from './plugin-errors';

@Entity('acme_points')
class AcmePoints {
  @PrimaryGeneratedColumn()
  id: number;
}

@Entity('member')
class StealsMemberTable {
  @PrimaryGeneratedColumn()
  id: number;
}

class AcmeInit1 {
  name = 'AcmeInit1';
  async up() {}
  async down() {}
}

const CORE = {
  version: '0.1.0',
  sdkVersion: '1.2.0',
  tables: ['member', 'customer_order'],
  migrations: ['Foundation1763800000000'],
};

function plugin(overrides: Partial<PluginDefinition> = {}): PluginDefinition {
  return {
    name: 'acme',
    version: '1.0.0',
    core: '^0.1.0',
    sdk: '1.0.0',
    kind: 'partner',
    permissions: ['members:read'],
    ...overrides,
  };
}

function problemsOf(definitions: PluginDefinition[], core: CoreFacts = CORE): string[] {
  try {
    checkPlugins(definitions, core);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(PluginLoadError);
    return (error as PluginLoadError).problems;
  }
}

describe('load-time plugin checks', () => {
  it('accepts a well-formed plugin and orders plugins after their dependencies', () => {
    const ordered = checkPlugins(
      [
        plugin({ name: 'child', dependencies: ['acme'] }),
        plugin({ entities: [AcmePoints], migrations: [AcmeInit1] }),
      ],
      CORE,
    );
    expect(ordered.map((p) => p.name)).toEqual(['acme', 'child']);
  });

  it('refuses an incompatible core version', () => {
    expect(problemsOf([plugin({ core: '^2.0.0' })])).toEqual([
      'plugin "acme": needs core ^2.0.0 but this is core 0.1.0 (incompatible core version)',
    ]);
  });

  it('refuses a missing dependency and a dependency cycle', () => {
    expect(problemsOf([plugin({ dependencies: ['stripe-points'] })])[0]).toContain('missing dependency');
    expect(
      problemsOf([
        plugin({ name: 'a-one', dependencies: ['b-two'] }),
        plugin({ name: 'b-two', dependencies: ['a-one'] }),
      ])[0],
    ).toContain('cycle');
  });

  it('refuses duplicate plugin names, core table names, unprefixed tables and migration clashes', () => {
    expect(problemsOf([plugin(), plugin()])).toContain('plugin "acme": loaded twice (duplicate plugin name)');
    expect(problemsOf([plugin({ name: 'member', entities: [StealsMemberTable] })])).toContain(
      'plugin "member": table "member" must start with "member_"',
    );
    expect(problemsOf([plugin({ name: 'other', entities: [AcmePoints] })])).toContain(
      'plugin "other": table "acme_points" must start with "other_"',
    );
    expect(
      problemsOf([
        plugin({ migrations: [AcmeInit1] }),
        plugin({ name: 'acme-two', migrations: [AcmeInit1] }),
      ]),
    ).toContain(
      'plugin "acme-two": migration "AcmeInit1" clashes with one of plugin "acme" (migration name clash)',
    );
  });

  it('refuses live fields that are not namespaced or added twice, and unknown permissions', () => {
    const field = { on: 'Member' as const, description: 'x', resolve: async () => null };
    expect(problemsOf([plugin({ liveFields: [{ ...field, name: 'profile' }] })])[0]).toContain(
      'must start with "acme"',
    );
    expect(
      problemsOf([
        plugin({
          liveFields: [
            { ...field, name: 'acmeProfile' },
            { ...field, name: 'acmeProfile' },
          ],
        }),
      ])[0],
    ).toContain('duplicate field name');
    expect(problemsOf([plugin({ permissions: ['members:everything' as never] })])).toEqual([
      'plugin "acme": unknown permission "members:everything"',
    ]);
  });
});

describe('core compatibility ranges', () => {
  function compatible(coreVersion: string, range: string): boolean {
    const problems = problemsOf([plugin({ core: range })], { ...CORE, version: coreVersion });
    expect(problems.filter((p) => !p.includes('incompatible core version'))).toEqual([]);
    return problems.length === 0;
  }

  it('accepts core versions inside caret, tilde, comparator, wildcard and alternative ranges', () => {
    expect(compatible('0.1.5', '^0.1.0')).toBe(true);
    expect(compatible('1.4.0', '^1.2.3')).toBe(true);
    expect(compatible('1.2.9', '~1.2.3')).toBe(true);
    expect(compatible('2.0.0', '>=1.0.0 <3.0.0')).toBe(true);
    expect(compatible('1.7.0', '1.x')).toBe(true);
    expect(compatible('5.0.0', '*')).toBe(true);
    expect(compatible('3.1.0', '^1.0.0 || ^3.0.0')).toBe(true);
  });

  it('refuses core versions outside them', () => {
    expect(compatible('0.2.0', '^0.1.0')).toBe(false);
    expect(compatible('2.0.0', '^1.2.3')).toBe(false);
    expect(compatible('1.3.0', '~1.2.3')).toBe(false);
    expect(compatible('3.0.0', '>=1.0.0 <3.0.0')).toBe(false);
    expect(compatible('2.0.0', '1.x')).toBe(false);
  });

  it('ranks a pre-release core below its release, so a range starting at the release refuses it', () => {
    expect(compatible('1.0.0-rc.1', '^1.0.0')).toBe(false);
    expect(compatible('1.0.0-rc.1', '>=1.0.0')).toBe(false);
    expect(compatible('0.1.0-beta.2', '~0.1.0')).toBe(false);
  });

  it('admits a pre-release core only where the range names a pre-release of the same version', () => {
    expect(compatible('1.0.0-rc.2', '^1.0.0-rc.1')).toBe(true);
    expect(compatible('1.0.0-rc.1', '^1.0.0-rc.2')).toBe(false);
    expect(compatible('1.0.0', '>=1.0.0-beta <2.0.0')).toBe(true);
    // npm's rule: a range opts into the pre-releases of one version, not of every later one
    expect(compatible('1.1.0-beta.1', '^1.0.0-rc.1')).toBe(false);
  });

  it('refuses a malformed or empty range', () => {
    expect(problemsOf([plugin({ core: 'banana' })])).toEqual([
      'plugin "acme": core range "banana" is not a version range',
    ]);
    expect(problemsOf([plugin({ core: '' })])).toEqual([
      'plugin "acme": core range "" is not a version range',
    ]);
    expect(problemsOf([plugin({ core: '   ' })])).toEqual([
      'plugin "acme": core range "   " is not a version range',
    ]);
  });
});

describe('SDK compatibility (the host provides @loyalty-bff/plugin-sdk 1.2.0)', () => {
  const sdkProblems = (sdk: string | undefined) =>
    problemsOf([plugin({ sdk })]).filter((p) => p.includes('SDK') || p.includes('definePlugin'));

  it('accepts a plugin built with the same major and an older or equal minor of the SDK', () => {
    expect(sdkProblems('1.0.0')).toEqual([]);
    expect(sdkProblems('1.2.0')).toEqual([]);
  });

  it('refuses a plugin built with a newer minor, whose calls this host may not have', () => {
    expect(sdkProblems('1.3.0')).toEqual([
      'plugin "acme": built with @loyalty-bff/plugin-sdk 1.3.0 but this server provides 1.2.0 (incompatible SDK version: needs ^1.3.0)',
    ]);
  });

  it('refuses a plugin built with another major of the SDK', () => {
    expect(sdkProblems('2.0.0')).toHaveLength(1);
    expect(sdkProblems('0.9.0')).toHaveLength(1);
  });

  it('refuses a definition not made with definePlugin, and a malformed SDK version', () => {
    expect(sdkProblems(undefined)).toEqual([
      'plugin "acme": not declared with definePlugin() from @loyalty-bff/plugin-sdk (no SDK version)',
    ]);
    expect(sdkProblems('one')).toEqual(['plugin "acme": SDK version "one" is not a version']);
  });

  it('no longer requires a core range: the SDK version is the contract', () => {
    expect(problemsOf([plugin({ core: undefined })])).toEqual([]);
  });
});
