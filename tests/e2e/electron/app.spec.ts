import { _electron as electron, expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { electronBinary } from '../../../scripts/electron-binary.mjs';

/**
 * The desktop app itself. Runs wherever an Electron binary is installed (`npm run
 * electron:install` fetches it); elsewhere each test is reported as skipped, with the reason.
 */
const binary = electronBinary();
const reason = 'no Electron binary on this machine (its download is not possible here); run `npm run electron:install` where it is';

test.describe('the desktop app', () => {
  test.skip(binary === null, reason);

  test('opens the wallboard on the demo workspace with the sandboxed bridge only', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wf-electron-'));
    const app = await electron.launch({ executablePath: binary!, args: [resolve('out/main/index.js'), '--data-dir', dataDir] });
    try {
      const page = await app.firstWindow();
      await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready', { timeout: 30_000 });
      await expect(page.getByTestId('incident-card').first()).toBeVisible();
      const exposed = await page.evaluate(() => ({
        bridge: typeof window.watchfloor,
        require: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process,
      }));
      expect(exposed).toEqual({ bridge: 'object', require: 'undefined', process: 'undefined' });
      const bridgeKeys = await page.evaluate(() => Object.keys(window.watchfloor ?? {}).sort());
      expect(bridgeKeys).toEqual(['calls', 'onEvent']);
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('refuses to open new windows and to navigate away', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wf-electron-'));
    const app = await electron.launch({ executablePath: binary!, args: [resolve('out/main/index.js'), '--data-dir', dataDir] });
    try {
      const page = await app.firstWindow();
      await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready', { timeout: 30_000 });
      const before = page.url();
      await page.evaluate(() => {
        window.open('https://example.com');
        window.location.href = 'https://example.com';
      });
      await page.waitForTimeout(1000);
      expect(app.windows()).toHaveLength(1);
      expect(page.url()).toBe(before);
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
