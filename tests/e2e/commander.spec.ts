import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
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

test('waiting on the customer pauses the update and resolve clocks, on the panel, the card and the timeline', async ({ page }) => {
  await page.goto(host.url);
  await page.getByTestId('incident-card').first().click();
  const panel = page.getByTestId('incident-panel');
  await expect(panel).toContainText('Timeline');
  await page.keyboard.press('w');
  await expect(panel.getByTestId('timeline')).toContainText('Waiting on the customer');
  await expect(panel.getByTestId('paused-clock').first()).toContainText(/paused · .* left/);
  await expect(panel).toContainText('waiting on the customer since');
  const publicId = (await panel.locator('.panel-head .muted').first().textContent())!;
  await page.keyboard.press('Escape');
  await expect(page.locator(`[data-incident="${publicId}"] .status`)).toContainText('waiting on customer');
  await page.locator(`[data-incident="${publicId}"]`).click();
  await page.keyboard.press('w');
  await expect(panel.getByTestId('timeline')).toContainText('Stopped waiting: clocks running again');
  await expect(panel.getByTestId('paused-clock')).toHaveCount(0);
});

test('the SLA settings preview which open incidents an edit moves, save a version, and re-apply it', async ({ page }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('incident-card').first()).toBeVisible();
  await page.keyboard.press('s');
  const panel = page.getByTestId('sla-settings');
  await expect(page).toHaveURL(/#\/settings\/sla$/);
  const form = panel.getByTestId('policy-form');
  await expect(form).toContainText('P1: critical, around the clock · v1');

  // A typo is named before anything is asked of the host.
  const resolve = form.getByLabel('Resolve target in minutes');
  await resolve.fill('four hours');
  await expect(panel.getByTestId('policy-error')).toContainText('resolve target: enter a positive number of minutes');
  // The host's own check names a bad time zone.
  await resolve.fill('120');
  await form.getByLabel(/^Time zone/).fill('Mars/Olympus_Mons');
  await form.getByLabel('Resolve calendar').selectOption('business');
  await expect(panel.getByTestId('policy-error')).toContainText('must be a known IANA time zone');
  await form.getByLabel(/^Time zone/).fill('');
  await form.getByLabel('Resolve calendar').selectOption('24x7');

  // Halving the P1 resolve target moves the open P1s' resolve deadlines, shown before saving.
  await expect(panel.getByTestId('policy-moves')).toContainText('Resolve: 4 h → 2 h');
  const reapply = panel.getByRole('button', { name: /^Save and re-apply to \d+ open incidents?$/ });
  const label = (await reapply.textContent())!;
  const count = Number(/(\d+)/.exec(label)![1]);
  expect(count).toBeGreaterThan(0);
  await reapply.click();
  await expect(panel.getByRole('status')).toContainText(`Saved P1: critical, around the clock v2; ${count} open`);
  await expect(form).toContainText('P1: critical, around the clock · v2');
  await expect(panel.getByTestId('policy-unchanged')).toContainText('No changes to save');
  await expect(panel.getByTestId('policy-unchanged')).not.toContainText('(v1)');
  await expect(panel.getByRole('button', { name: 'Save as v3' })).toBeDisabled();
});

for (const size of [
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
]) {
  test(`the commander's views are photographed at ${size.width}×${size.height} and pass the contrast check`, async ({ page }) => {
    await page.setViewportSize(size);
    mkdirSync('reports/screenshots', { recursive: true });
    const views: [string, string, string][] = [
      ['incident', '', 'incident-panel'],
      ['channels', '#/channels', 'channels-panel'],
      ['sla-settings', '#/settings/sla', 'sla-settings'],
      ['suggestions', '#/suggestions', 'suggestions-panel'],
      ['accounts', '#/accounts', 'accounts-panel'],
      ['account', '#/account/3', 'account-page'],
    ];
    await page.goto(host.url);
    await expect(page.getByTestId('incident-card').first()).toBeVisible();
    for (const [name, hash, testId] of views) {
      if (hash === '') await page.getByTestId('incident-card').first().click();
      else await page.goto(`${host.url}/${hash}`);
      const panel = page.getByTestId(testId);
      await expect(panel).toBeVisible();
      await page.waitForTimeout(500);
      const results = await new AxeBuilder({ page }).include(`[data-testid=${testId}]`).withRules(['color-contrast-enhanced']).analyze();
      expect(results.violations.map((v) => v.nodes.map((n) => n.target.join(' ')).join(', '))).toEqual([]);
      await page.screenshot({ path: `reports/screenshots/${name}-${size.width}x${size.height}.png` });
      await page.goto(`${host.url}/#`);
    }
  });
}

test('grouping proposals: the commander reads the evidence, opens one with l and dismisses another with x', async ({ page }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('incident-card').first()).toBeVisible();
  await page.keyboard.press('g');
  const panel = page.getByTestId('suggestions-panel');
  await expect(page).toHaveURL(/#\/suggestions$/);
  // Let Watchfloor propose rather than open incidents by itself.
  const settings = panel.getByTestId('grouping-settings');
  await settings.getByLabel(/Open a suspected incident by itself/).uncheck();
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect(panel.getByRole('status')).toHaveText('Grouping settings saved');

  await host.call('reports.log', {
    from: 'it@halcyonbank.example',
    subject: 'Calendar sync duplicates every meeting',
    text: 'Calendar sync duplicates every meeting we book',
  });
  await host.call('reports.log', {
    from: 'ops@orbitalfreight.example',
    subject: 'Meetings duplicated by calendar sync',
    text: 'Every meeting is duplicated since the calendar sync ran',
  });
  await host.call('reports.log', {
    from: 'it@halcyonbank.example',
    subject: 'Dark mode colours',
    text: 'Dark mode colours look washed out in reports',
  });
  await host.call('reports.log', {
    from: 'ops@orbitalfreight.example',
    subject: 'Dark mode washed out',
    text: 'Washed out dark mode colours in the reports page',
  });

  const proposals = panel.getByTestId('suggestion');
  await expect(proposals).toHaveCount(2);
  const calendar = proposals.filter({ hasText: 'Calendar sync duplicates every meeting' });
  await expect(calendar.getByTestId('evidence')).toContainText(/^2 accounts on .* report “.*(calendar|meeting).*” since \d\d:\d\d/);
  await calendar.click();
  await page.keyboard.press('l');
  await expect(panel.getByRole('status')).toContainText('with 2 reports');
  await expect(proposals).toHaveCount(1);
  await proposals.first().click();
  await page.keyboard.press('x');
  await expect(panel.getByTestId('no-suggestions')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('incident-card').filter({ hasText: 'Calendar sync duplicates every meeting' })).toBeVisible();
});

test('the account page shows what an account is worth, why its health is what it is, and every conversation; a file imports after a preview', async ({
  page,
}) => {
  await page.goto(host.url);
  await expect(page.getByTestId('incident-card').first()).toBeVisible();
  await host.call('reports.log', {
    from: 'it@halcyonbank.example',
    subject: 'SAML metadata expired',
    text: 'Our SAML metadata expired today',
  });
  await page.keyboard.press('u');
  const list = page.getByTestId('accounts-panel');
  await list.getByLabel('Find an account by name or domain').fill('halcyon');
  await expect(list.getByTestId('account-row')).toHaveCount(1);
  await list.getByRole('button', { name: 'Halcyon Bank' }).click();
  const account = page.getByTestId('account-page');
  await expect(page).toHaveURL(/#\/account\/\d+$/);
  await expect(account.getByRole('heading', { level: 1 })).toHaveText('Halcyon Bank');
  await expect(account).toContainText('ARR');
  await expect(account.getByTestId('account-health').locator('li').first()).toHaveText(/\w+ .+\./);
  await expect(account.getByTestId('account-timeline').getByTestId('account-conversation').first()).toBeVisible();
  await expect(account.getByTestId('sla-chart')).toHaveAttribute('aria-label', /Acknowledge \d+ met, \d+ breached/);
  // The new conversation's first-reply clock ticks; pending pauses it.
  const latest = account.getByTestId('account-conversation').filter({ hasText: 'SAML metadata expired' });
  await expect(latest.getByTestId('conversation-sla')).toContainText(/First reply \d/);
  await latest.getByRole('button', { name: 'pending' }).click();
  await expect(latest.getByTestId('conversation-sla')).toContainText('pending');
  await page.keyboard.press('Escape');

  // A CSV with one bad row: the preview names row and column, and only the valid rows import.
  const csv =
    'Company,Domain,Tier,ARR,Renewal Date\nAcme Rockets,acme-rockets.example,Enterprise,"250,000",2027-03-31\nBeta Mills,beta-mills.example,Growth,-5,2027-02-30\n';
  await list
    .getByLabel('Choose a file to import')
    .setInputFiles({ name: 'crm-export.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const preview = list.getByTestId('import-preview');
  await expect(preview).toContainText('2 rows of accounts in crm-export.csv: 1 to add, 0 to change, 0 unchanged, 2 problems in 1 row.');
  await expect(list.getByTestId('import-problems')).toContainText('Row 3, column “ARR”');
  await expect(list.getByRole('button', { name: /^Import \d+ rows$/ })).toBeDisabled();
  await list.getByRole('button', { name: 'Import the 1 valid rows, leave out 1' }).click();
  await expect(list.getByRole('status')).toContainText('Imported crm-export.csv: 1 added');
  await list.getByLabel('Find an account by name or domain').fill('acme');
  await expect(list.getByTestId('account-row')).toContainText('$250k');
});

test('adding a mailbox asks the server first and says in words why it cannot connect', async ({ page }) => {
  await page.goto(`${host.url}/#/channels`);
  const panel = page.getByTestId('channels-panel');
  await panel.getByRole('button', { name: 'Add a mailbox' }).click();
  const form = panel.getByTestId('mailbox-form');
  await form.getByLabel('Name').fill('Billing inbox');
  await form.getByLabel('Server').fill('127.0.0.1');
  await form.getByLabel('Port').fill('1');
  await form.getByLabel(/TLS from the start/).uncheck();
  await form.getByLabel('User').fill('billing@lumenstack.example');
  await form.getByLabel('Password').fill('correct-horse-battery');
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form.getByTestId('mailbox-result')).toContainText(/127\.0\.0\.1/);
  await expect(form.getByTestId('mailbox-result')).not.toContainText('correct-horse-battery');
  await form.getByRole('button', { name: 'Add mailbox' }).click();
  await expect(form.getByTestId('mailbox-result')).toContainText('the server refused');
  await expect(panel.getByTestId('channel-row').filter({ hasText: 'Billing inbox' })).toHaveCount(0);
});

test('outreach: the incident lists each affected account with its owner, whether it was updated, and records a confirmation', async ({
  page,
}) => {
  await page.goto(host.url);
  await page.getByTestId('incident-card').first().click();
  const panel = page.getByTestId('incident-panel');
  const outreach = panel.getByTestId('outreach');
  await expect(outreach.getByTestId('outreach-row').first()).toBeVisible();
  const rows = await outreach.getByTestId('outreach-row').count();
  await expect(outreach.getByRole('heading')).toHaveText(`Outreach · 0 of ${rows} confirmed`);
  await outreach.getByTestId('outreach-row').first().getByRole('button', { name: 'Mark confirmed' }).click();
  await expect(outreach.getByRole('heading')).toHaveText(`Outreach · 1 of ${rows} confirmed`);
  await expect(panel.getByTestId('timeline')).toContainText('A customer confirmed the fix');
});
