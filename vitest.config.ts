import { defineConfig } from 'vitest/config';

const reportDir = process.env['BROKERLAB_REPORT_DIR'];

export default defineConfig({
  test: {
    // CI reads a JSON report to print its one-line summary.
    ...(reportDir ? { reporters: ['default', 'json'], outputFile: { json: `${reportDir}/vitest.json` } } : {}),
    include: ['test/**/*.test.ts', 'engine/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/e2e/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
