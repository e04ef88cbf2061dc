/**
 * Decisions the Electron shell makes, as pure functions so they are tested without Electron.
 */

export interface SecureWebPreferences {
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  experimentalFeatures: false;
  webviewTag: false;
  spellcheck: false;
  backgroundThrottling: false;
  preload: string;
}

/** The renderer gets no Node, no remote content and only the contract's calls through the preload. */
export function secureWebPreferences(preload: string): SecureWebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    // A wall screen is often "in the background": its countdowns must still tick.
    backgroundThrottling: false,
    preload,
  };
}

/** Navigation is allowed only within the app's own origin (the dev server or the packaged files). */
export function isAllowedNavigation(target: string, appUrl: string): boolean {
  try {
    const t = new URL(target);
    const a = new URL(appUrl);
    // The host matters too: file://server/… is a network share (on Windows, an SMB fetch).
    if (a.protocol === 'file:') return t.protocol === 'file:' && t.host === a.host && t.pathname === a.pathname;
    return t.origin === a.origin;
  } catch {
    return false;
  }
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface DisplayInfo {
  id: number;
  bounds: Rect;
  workArea: Rect;
}

/**
 * Where the window goes: `--display N` (1-based, in the system's order) wins; else the remembered
 * bounds when they still fall on a connected display; else the primary display's work area.
 */
export function chooseWindowBounds(
  displays: readonly DisplayInfo[],
  primaryId: number,
  opts: { displayNumber: number | null; remembered: Rect | null },
): { bounds: Rect; display: DisplayInfo; warning: string | null } {
  const primary = displays.find((d) => d.id === primaryId) ?? displays[0];
  if (!primary) throw new Error('no display is connected');
  if (opts.displayNumber !== null) {
    const chosen = displays[opts.displayNumber - 1];
    if (chosen) return { bounds: chosen.workArea, display: chosen, warning: null };
    return {
      bounds: primary.workArea,
      display: primary,
      warning: `--display ${opts.displayNumber}: only ${displays.length} display(s) connected; using the primary`,
    };
  }
  if (opts.remembered) {
    const r = opts.remembered;
    const home = displays.find((d) => overlap(d.workArea, r) >= 0.5 * r.width * r.height);
    if (home && r.width >= 400 && r.height >= 300) return { bounds: r, display: home, warning: null };
  }
  const w = primary.workArea;
  const width = Math.round(w.width * 0.8);
  const height = Math.round(w.height * 0.8);
  return {
    bounds: { x: w.x + Math.round((w.width - width) / 2), y: w.y + Math.round((w.height - height) / 2), width, height },
    display: primary,
    warning: null,
  };
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * After a renderer crash: reload at once, backing off when crashes repeat (2 s, 4 s … at most a
 * minute) so a crash loop cannot pin the CPU; a quiet 10 minutes resets the count.
 */
export function crashReloadDelay(recentCrashes: readonly number[], now: number): number {
  const recent = recentCrashes.filter((t) => now - t < 10 * 60_000).length;
  if (recent <= 1) return 0;
  return Math.min(60_000, 1000 * 2 ** (recent - 1));
}

export interface ShellArgs {
  kiosk: boolean;
  displayNumber: number | null;
  dataDir: string | null;
  demo: boolean;
  demoSpeed: number;
}

/** Reads the desktop app's own flags among whatever Chromium and Electron add to argv. */
export function parseShellArgs(argv: readonly string[]): ShellArgs {
  const out: ShellArgs = { kiosk: false, displayNumber: null, dataDir: null, demo: false, demoSpeed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    if (flag === '--kiosk') out.kiosk = true;
    else if (flag === '--demo') out.demo = true;
    else if (flag === '--display') {
      const n = Number(value());
      out.displayNumber = Number.isInteger(n) && n >= 1 ? n : null;
    } else if (flag === '--data-dir') out.dataDir = value() ?? null;
    else if (flag === '--demo-speed') {
      const n = Number(value());
      if (n > 0 && n <= 1000) out.demoSpeed = n;
    }
  }
  return out;
}
