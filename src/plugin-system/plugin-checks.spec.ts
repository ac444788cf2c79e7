import { Entity, PrimaryGeneratedColumn } from 'typeorm';
import { checkPlugins } from './plugin-checks';
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
  tables: ['member', 'customer_order'],
  migrations: ['Foundation1763800000000'],
};

function plugin(overrides: Partial<PluginDefinition> = {}): PluginDefinition {
  return {
    name: 'acme',
    version: '1.0.0',
    core: '^0.1.0',
    kind: 'partner',
    permissions: ['members:read'],
    ...overrides,
  };
}

function problemsOf(definitions: PluginDefinition[]): string[] {
  try {
    checkPlugins(definitions, CORE);
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
