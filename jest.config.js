// SWC strips types without checking them (tsc --noEmit type-checks once in the lint step),
// which keeps the suite fast.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }],
    // Two packages of the local warehouse need SWC's CommonJS output under jest, which runs
    // without --experimental-vm-modules: hyparquet ships only ES modules, and PGlite's CommonJS
    // build loads Node built-ins with import(). Other node_modules stay untransformed.
    '/node_modules/(hyparquet|@electric-sql/pglite)/.+\\.c?js$': [
      '@swc/jest',
      { jsc: { target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(hyparquet|@electric-sql/pglite)/)'],
  // The CLI's dynamic imports name modules with `.js`, as ES imports must; the sources are `.ts`.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  setupFiles: ['<rootDir>/test/helpers/setup.ts'],
  testTimeout: 60000,
};
