/** Unit specs sit beside the code (*.spec.ts); end-to-end specs boot the real server (*.e2e-spec.ts). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test', '<rootDir>/plugins', '<rootDir>/seeds', '<rootDir>/packages'],
  // The workspace packages run from their TypeScript sources under test (no build needed first).
  moduleNameMapper: {
    '^@loyalty-bff/plugin-sdk$': '<rootDir>/packages/plugin-sdk/src/index.ts',
    '^@loyalty-bff/plugin-testing$': '<rootDir>/packages/plugin-testing/src/index.ts',
  },
  modulePathIgnorePatterns: ['<rootDir>/packages/[^/]+/dist/', '<rootDir>/examples/[^/]+/dist/'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  setupFiles: ['reflect-metadata'],
  testTimeout: 30000,
  // MariaDB runs take longer to create and drop one database per file.
  maxWorkers: process.env.TEST_DATABASE_URL ? 2 : '50%',
};
