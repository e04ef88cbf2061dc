import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WatchfloorCore } from '../../src/main/core/app';
import { createServerApp } from '../../src/main/server/app';
import { chromiumFlags, chromiumPath } from '../../playwright.config';

/** A real core behind the real HTTP host, drawn by a real Chromium at wall size: the freshness and countdown benches. */

/** The same browser and flags as the e2e tests (playwright.config.ts). */
export const CHROMIUM = chromiumPath;
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const RENDERER_DIR = join(ROOT, 'out', 'renderer');

export function chromiumMissing(): string | null {
  return existsSync(CHROMIUM) ? null : `skipped: ${CHROMIUM} is not installed (Debian: apt-get install chromium)`;
}

let built = false;
/** The board is measured as it is in the tree now: the renderer is built once per run. */
export function buildRenderer(): void {
  if (built) return;
  execFileSync(join(ROOT, 'node_modules', '.bin', 'electron-vite'), ['build', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  built = true;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: chromiumFlags,
  });
}

export interface LiveBoard {
  core: WatchfloorCore;
  url: string;
  browser: Browser;
  page: Page;
  /** Closes the page, browser, server and core and removes the data folder; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Opens the demo workspace (created in a fresh temp folder, no live stream), lets `prepare` shape
 * it, serves it on a free loopback port and loads the board at 1920×1080 until it shows data.
 */
export async function openBoard(prepare: (core: WatchfloorCore) => void = () => undefined): Promise<LiveBoard> {
  buildRenderer();
  const dataDir = mkdtempSync(join(tmpdir(), 'watchfloor-bench-board-'));
  let core: WatchfloorCore | undefined;
  let server: ServerType | undefined;
  let browser: Browser | undefined;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await browser?.close().catch(() => undefined);
    if (server) {
      const s = server;
      // The event stream never ends by itself; without this the close would wait for it.
      (s as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise<void>((done) => s.close(() => done()));
    }
    core?.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    core = WatchfloorCore.open({ dataDir, demo: 'auto', stream: false });
    prepare(core);
    const app = createServerApp(core, { rendererDir: RENDERER_DIR, tokens: { admin: null, viewer: null } });
    const port = await new Promise<number>((listening) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => listening(info.port));
    });
    const url = `http://127.0.0.1:${port}/`;
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.on('pageerror', (e) => console.error(`  page error: ${e.message}`));
    await page.goto(url);
    await page.waitForSelector('#root[data-app-state=ready]', { timeout: 20_000 });
    return { core, url, browser, page, close };
  } catch (err) {
    await close();
    throw err;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
