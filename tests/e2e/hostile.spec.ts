import { expect, test } from '@playwright/test';
import { Host } from './host';

/**
 * Customer messages are untrusted. A corpus of hostile bodies and subjects is stored through the
 * ingestion path and opened in the incident panel: it must show as inert text — no script runs,
 * no handler fires, no request leaves for any host but Watchfloor's own.
 */
const hostile = [
  '<script>window.__pwned = "script"</script>Exports broken',
  '<img src=x onerror="window.__pwned=\'onerror\'">Exports broken',
  '<a href="javascript:window.__pwned=\'link\'">click</a> exports broken',
  '<div style="background:url(https://tracker.example/pixel.png)">exports broken</div>',
  '<img src="https://tracker.example/remote.png"> exports broken',
  '<svg onload="window.__pwned=\'svg\'"></svg> exports broken',
  '<iframe src="https://evil.example/"></iframe> exports broken',
  '<style>@import url(https://evil.example/x.css);</style> exports broken',
  '"><script>window.__pwned="attr"</script> exports broken',
  `${'<div>'.repeat(2000)}deeply nested exports broken${'</div>'.repeat(2000)}`,
  `${'A'.repeat(90_000)} exports broken`,
];

let host: Host;
test.beforeEach(async () => {
  host = new Host(['--demo', '--no-stream']);
  await host.start();
});
test.afterEach(async () => {
  await host.dispose();
});

test('hostile message bodies and subjects are shown as inert text', async ({ page }) => {
  const foreign: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(host.url) && !r.url().startsWith('data:')) foreign.push(r.url());
  });
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  for (const [i, body] of hostile.entries()) {
    const from = i % 2 === 0 ? 'ops@halcyonbank.example' : 'it@northwind-logistics.example';
    await host.call('reports.log', { from, subject: `<b onmouseover="window.__pwned='subject'">Exports broken ${i}</b>`, text: body });
  }
  await page.goto(host.url);
  const card = page.getByTestId('incident-card').filter({ hasText: 'Exports broken' }).first();
  await expect(card).toBeVisible();
  await card.click();
  const panel = page.getByTestId('incident-panel');
  await expect(panel).toContainText('<script>window.__pwned = "script"</script>');
  await panel.hover();
  await page.mouse.move(10, 10);
  await page.waitForTimeout(1000);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned ?? null)).toBeNull();
  expect(await panel.locator('script, img, iframe, svg, style, a[href^="javascript:"]').count()).toBe(0);
  expect(dialogs).toEqual([]);
  expect(foreign).toEqual([]);
});
