import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { Host } from './host';

/** The incident commander at a laptop: keyboard first, every action on the timeline at once. */
let host: Host;

test.beforeEach(async () => {
  host = new Host(['--demo']);
  await host.start();
});
test.afterEach(async () => {
  await host.dispose();
});

test('opens the most urgent incident from the keyboard, acknowledges it and takes command', async ({ page }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('incident-card').first()).toBeVisible();
  await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  const panel = page.getByTestId('incident-panel');
  await expect(panel).toContainText('API returning 502 Bad Gateway errors');
  await expect(panel.getByTestId('panel-reasons')).toContainText(/^P1 · \d enterprise accounts? · \$[\d.]+[Mk] ARR/);
  await expect(page).toHaveURL(/#\/incident\/\d+$/);

  await page.keyboard.press('a');
  await expect(panel.getByTestId('timeline')).toContainText('Acknowledged');
  await page.keyboard.press('t');
  await expect(panel.getByTestId('timeline')).toContainText('commander took command');
  await expect(panel).toContainText('Commander: commander');

  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(page.getByTestId('incident-card').filter({ hasText: 'API returning 502' }).getByTestId('owner')).toHaveText('commander');
});

test('refuses what the state does not allow, saying why, and keeps the panel readable', async ({ page }) => {
  await page.goto(host.url);
  await page.getByTestId('incident-card').first().click();
  const panel = page.getByTestId('incident-panel');
  await expect(panel).toBeVisible();
  await page.keyboard.press('a');
  await expect(panel.getByTestId('timeline')).toContainText('Acknowledged');
  await page.keyboard.press('a');
  await expect(panel.getByRole('status')).toContainText('already acknowledged');
  const results = await new AxeBuilder({ page }).include('[data-testid=incident-panel]').withRules(['color-contrast-enhanced']).analyze();
  expect(results.violations.map((v) => v.nodes.map((n) => n.target.join(' ')).join(', '))).toEqual([]);
});

test('a viewer token shows the incident without any action', async ({ page }) => {
  await host.dispose();
  host = new Host(['--demo', '--token', 'admin-secret-1', '--viewer-token', 'wall-screen-2']);
  await host.start();
  await page.goto(`${host.url}/?token=wall-screen-2`);
  await page.getByTestId('incident-card').first().click();
  const panel = page.getByTestId('incident-panel');
  await expect(panel).toContainText('Timeline');
  await expect(panel.getByRole('toolbar')).toHaveCount(0);
});

test('the channels view shows each channel’s health in words and pauses and resumes it', async ({ page }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('incident-card').first()).toBeVisible();
  await page.keyboard.press('c');
  const panel = page.getByTestId('channels-panel');
  const helpdesk = panel.getByTestId('channel-row').filter({ hasText: 'Helpdesk' });
  await expect(helpdesk.getByTestId('channel-error')).toContainText('token was revoked');
  await expect(helpdesk).toHaveAttribute('data-status', 'failing');
  const chat = panel.getByTestId('channel-row').filter({ hasText: 'Live chat' });
  await expect(chat).toContainText(/last success \d+s ago/);
  await chat.getByRole('button', { name: 'Pause' }).click();
  await expect(chat).toHaveAttribute('data-status', 'paused');
  await expect(page.getByTestId('freshness').filter({ hasText: 'Chat' })).toContainText('paused');
  await chat.getByRole('button', { name: 'Resume' }).click();
  await expect(chat).toHaveAttribute('data-status', 'active');
});
