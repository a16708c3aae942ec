// One jest run for every package. ESM throughout: @actions/*, zod and @lezer/* ship ESM only,
// so ts-jest emits ESM and jest runs with --experimental-vm-modules (see package.json "jest").
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/packages', '<rootDir>/actions', '<rootDir>/test'],
  testMatch: ['**/test/**/*.test.ts'],
  moduleNameMapper: {
    '^@portal-actions/core$': '<rootDir>/packages/core/src/index.ts',
    '^@portal-actions/runner$': '<rootDir>/packages/runner/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }],
  },
  testTimeout: 60000,
};
