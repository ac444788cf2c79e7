// @ts-check
const eslint = require('@eslint/js');
const tseslint = require('typescript-eslint');

module.exports = tseslint.config(
  { ignores: ['**/dist/', 'node_modules/', 'data/', 'coverage/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Not enforced: with emitDecoratorMetadata a class used only in a decorated signature must stay a
      // value import, and type-graphql reads that metadata.
    },
  },
  {
    // "Now" comes from the one injectable clock (src/common/clock.ts) so tests can pin the date.
    files: ['src/modules/**/*.ts', 'seeds/**/*.ts', 'plugins/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'plugins/*/test/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Read "now" from clock.now() (src/common/clock.ts), not new Date().',
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Read "now" from clock.now() (src/common/clock.ts), not Date.now().',
        },
      ],
    },
  },
  {
    // Module boundaries (Medusa-style): a context is used only through its index.ts, and the domain
    // never reaches up into the server or a plugin. Specs may look inside their own module.
    files: ['src/modules/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(?!\\.\\.)[^/]+/.+',
              message: "Import another module through its index.ts ('../<module>'), not one of its files.",
            },
            {
              regex: '^(\\.\\./)+(server|plugins)(/|$)',
              message: 'Modules never import the server or a plugin.',
            },
          ],
        },
      ],
    },
  },
  {
    // Outside the domain (server, plugin host, jobs, CLI, seeds, benches) modules are used through index.ts too.
    files: ['src/**/*.ts', 'seeds/**/*.ts', 'bench/**/*.ts', 'ormconfig.ts'],
    ignores: ['src/modules/**', '**/*.spec.ts', '**/*.e2e-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)modules/[^/]+/.+',
              message: "Use a module through its index.ts ('.../modules/<module>'), not one of its files.",
            },
          ],
        },
      ],
    },
  },
  {
    // Plugins are packages a partner could publish: they import the SDK, never the server's sources.
    files: ['plugins/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'plugins/*/test/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(src|test|migrations|seeds)(/|$)',
              message: 'Plugins import only @loyalty-bff/plugin-sdk (and their own files).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
