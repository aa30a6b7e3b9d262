import { defineConfig } from '@playwright/test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Debian's Chromium (never a downloaded one), with the flags this network-less machine needs. */
export const chromiumLaunch = {
  executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    // A synthetic camera, granted without a prompt: the photo path is tested end to end.
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
  ],
};

export default defineConfig({
  globalSetup: './e2e/global-setup.ts',
  // Kept apart from test-results/screenshots, which Playwright must not wipe.
  outputDir: `${root}test-results/playwright`,
  workers: 1,
  retries: 0,
  timeout: 45_000,
  expect: { timeout: 7_000 },
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: `${root}test-results/playwright.json` }]],
  use: {
    launchOptions: chromiumLaunch,
    viewport: { width: 1366, height: 800 },
    locale: 'en-US',
    // The station shows times in local time: `E2E_TIMEZONE` runs the suite as a dock in another zone.
    ...(process.env.E2E_TIMEZONE ? { timezoneId: process.env.E2E_TIMEZONE } : {}),
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'browser-mode', testDir: './e2e' },
    { name: 'electron', testDir: './electron' },
  ],
});
