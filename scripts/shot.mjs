// Ad-hoc: screenshot a running board. usage: node scripts/shot.mjs URL OUT WIDTH HEIGHT [waitMs]
import { chromium } from '@playwright/test';
const [url, out, w, h, wait] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
const page = await browser.newPage({ viewport: { width: Number(w), height: Number(h) } });
page.on('console', (m) => console.log('console:', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(url);
await page.waitForSelector('[data-app-state=ready]', { timeout: 15000 });
await page.waitForTimeout(Number(wait ?? 1500));
await page.screenshot({ path: out });
await browser.close();
