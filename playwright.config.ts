import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive the real headless host in a real Chromium (Debian's, never a downloaded
 * one); the Electron project runs wherever an Electron binary exists and says it was skipped
 * where it does not. Build first: `npm run build`.
 */
export const chromiumPath = process.env.WATCHFLOOR_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 2,
  reporter: [['list'], ['json', { outputFile: 'reports/playwright/results.json' }]],
  outputDir: 'test-results',
  projects: [
    {
      name: 'chromium',
      testIgnore: /electron\//,
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: chromiumPath, args: chromiumFlags },
        viewport: { width: 1920, height: 1080 },
      },
    },
    { name: 'electron', testMatch: /electron\/.*\.spec\.ts/ },
  ],
});
