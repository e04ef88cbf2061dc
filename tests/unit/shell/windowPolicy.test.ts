import { describe, expect, it } from 'vitest';
import {
  chooseWindowBounds,
  crashReloadDelay,
  isAllowedNavigation,
  parseShellArgs,
  secureWebPreferences,
  type DisplayInfo,
} from '../../../src/main/shell/windowPolicy';

describe('secure web preferences', () => {
  it('isolates the renderer: context isolation and sandbox on, no Node anywhere, no webviews', () => {
    expect(secureWebPreferences('/app/out/preload/index.cjs')).toEqual({
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
      backgroundThrottling: false,
      preload: '/app/out/preload/index.cjs',
    });
  });
});

describe('navigation from the dev server', () => {
  const appUrl = 'http://localhost:5173/';

  it('allows any page of the app’s own origin', () => {
    expect(isAllowedNavigation('http://localhost:5173/', appUrl)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5173/incidents/12?tab=timeline#top', appUrl)).toBe(true);
  });

  it.each([
    ['a script URL', 'javascript:alert(document.cookie)'],
    ['a data URL', 'data:text/html,<script>alert(1)</script>'],
    ['another host', 'https://evil.example/phish'],
    ['another port', 'http://localhost:5174/'],
    ['another scheme', 'https://localhost:5173/'],
    ['credentials that hide another host', 'http://localhost:5173@evil.example/'],
    ['a local file', 'file:///etc/passwd'],
    ['something that is not a URL', 'not a url at all'],
  ])('refuses %s', (_what, target) => {
    expect(isAllowedNavigation(target, appUrl)).toBe(false);
  });
});

describe('navigation in the packaged app', () => {
  const appUrl = 'file:///opt/watchfloor/resources/app/out/renderer/index.html';

  it('allows the app’s own page with a route in its hash or query', () => {
    expect(isAllowedNavigation('file:///opt/watchfloor/resources/app/out/renderer/index.html#/incidents/7', appUrl)).toBe(true);
    expect(isAllowedNavigation('file:///opt/watchfloor/resources/app/out/renderer/index.html?board=1', appUrl)).toBe(true);
  });

  it.each([
    ['a file outside the app', 'file:///etc/passwd'],
    ['another file beside the app', 'file:///opt/watchfloor/resources/app/out/renderer/other.html'],
    ['a path that climbs out of the app', 'file:///opt/watchfloor/resources/app/out/renderer/../../../../../etc/passwd'],
    ['the same path on a network share', 'file://fileserver/opt/watchfloor/resources/app/out/renderer/index.html'],
    ['a web page', 'https://evil.example/'],
    ['a script URL', 'javascript:alert(1)'],
    ['a data URL', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
  ])('refuses %s', (_what, target) => {
    expect(isAllowedNavigation(target, appUrl)).toBe(false);
  });
});

describe('display placement', () => {
  const laptop: DisplayInfo = {
    id: 101,
    bounds: { x: 0, y: 0, width: 1920, height: 1080 },
    workArea: { x: 0, y: 0, width: 1920, height: 1040 },
  };
  const wallTv: DisplayInfo = {
    id: 202,
    bounds: { x: 1920, y: 0, width: 3840, height: 2160 },
    workArea: { x: 1920, y: 0, width: 3840, height: 2160 },
  };
  const centredOnLaptop = { x: 192, y: 104, width: 1536, height: 832 };

  it('puts the window on the display named by --display (1-based) and fills its work area', () => {
    const placed = chooseWindowBounds([laptop, wallTv], laptop.id, { displayNumber: 2, remembered: null });
    expect(placed.display.id).toBe(wallTv.id);
    expect(placed.bounds).toEqual(wallTv.workArea);
    expect(placed.warning).toBeNull();
  });

  it('lets --display win over remembered bounds', () => {
    const placed = chooseWindowBounds([laptop, wallTv], laptop.id, {
      displayNumber: 1,
      remembered: { x: 2000, y: 100, width: 1600, height: 900 },
    });
    expect(placed.display.id).toBe(laptop.id);
    expect(placed.bounds).toEqual(laptop.workArea);
  });

  it('falls back to the primary display with a warning when --display names one that is not connected', () => {
    const placed = chooseWindowBounds([laptop, wallTv], laptop.id, { displayNumber: 3, remembered: null });
    expect(placed.display.id).toBe(laptop.id);
    expect(placed.bounds).toEqual(laptop.workArea);
    expect(placed.warning).toBe('--display 3: only 2 display(s) connected; using the primary');
  });

  it('uses the primary the system names, not merely the first display listed', () => {
    const placed = chooseWindowBounds([wallTv, laptop], laptop.id, { displayNumber: 5, remembered: null });
    expect(placed.display.id).toBe(laptop.id);
  });

  it('restores remembered bounds that still sit on a connected display', () => {
    const remembered = { x: 2200, y: 150, width: 1600, height: 900 };
    const placed = chooseWindowBounds([laptop, wallTv], laptop.id, { displayNumber: null, remembered });
    expect(placed.bounds).toEqual(remembered);
    expect(placed.display.id).toBe(wallTv.id);
    expect(placed.warning).toBeNull();
  });

  it('centres the window on the primary when its remembered display has been disconnected', () => {
    const onTheTvThatIsGone = { x: 2200, y: 150, width: 1600, height: 900 };
    const placed = chooseWindowBounds([laptop], laptop.id, { displayNumber: null, remembered: onTheTvThatIsGone });
    expect(placed.display.id).toBe(laptop.id);
    expect(placed.bounds).toEqual(centredOnLaptop);
  });

  it('centres the window when the remembered bounds are mostly off every screen', () => {
    const hangingOffTheEdge = { x: 1500, y: 100, width: 1000, height: 600 };
    const placed = chooseWindowBounds([laptop], laptop.id, { displayNumber: null, remembered: hangingOffTheEdge });
    expect(placed.bounds).toEqual(centredOnLaptop);
  });

  it('centres the window rather than restore one too small to read', () => {
    const placed = chooseWindowBounds([laptop], laptop.id, { displayNumber: null, remembered: { x: 10, y: 10, width: 320, height: 200 } });
    expect(placed.bounds).toEqual(centredOnLaptop);
  });

  it('centres on the primary at first start, with nothing remembered', () => {
    const placed = chooseWindowBounds([laptop, wallTv], laptop.id, { displayNumber: null, remembered: null });
    expect(placed).toEqual({ bounds: centredOnLaptop, display: laptop, warning: null });
  });

  it('says so when no display is connected at all', () => {
    expect(() => chooseWindowBounds([], 1, { displayNumber: null, remembered: null })).toThrow('no display is connected');
  });
});

describe('crash reload backoff', () => {
  const now = Date.parse('2026-11-23T09:00:00Z');
  const SEC = 1000;
  const MIN = 60 * SEC;

  it('reloads at once after a first crash', () => {
    expect(crashReloadDelay([now], now)).toBe(0);
  });

  it('doubles the wait as crashes repeat: 2 s, 4 s, 8 s', () => {
    expect(crashReloadDelay([now - 30 * SEC, now], now)).toBe(2 * SEC);
    expect(crashReloadDelay([now - 60 * SEC, now - 30 * SEC, now], now)).toBe(4 * SEC);
    expect(crashReloadDelay([now - 90 * SEC, now - 60 * SEC, now - 30 * SEC, now], now)).toBe(8 * SEC);
  });

  it('never waits more than a minute in a crash loop', () => {
    const loop = Array.from({ length: 12 }, (_, i) => now - i * SEC);
    expect(crashReloadDelay(loop, now)).toBe(60 * SEC);
  });

  it('forgets crashes older than ten quiet minutes', () => {
    expect(crashReloadDelay([now - 11 * MIN, now - 10 * MIN, now], now)).toBe(0);
    expect(crashReloadDelay([now - 11 * MIN, now - 9 * MIN, now], now)).toBe(2 * SEC);
  });
});

describe('shell arguments', () => {
  const electronArgv = ['/opt/watchfloor/watchfloor', '--no-sandbox-is-not-ours', '.'];

  it('has safe defaults when given nothing of its own', () => {
    expect(parseShellArgs(electronArgv)).toEqual({ kiosk: false, displayNumber: null, dataDir: null, demo: false, demoSpeed: 1 });
  });

  it('reads wall-mounting flags among Chromium’s own, in both --flag value and --flag=value forms', () => {
    expect(
      parseShellArgs([
        ...electronArgv,
        '--kiosk',
        '--display',
        '2',
        '--data-dir=/srv/watchfloor',
        '--demo',
        '--demo-speed=10',
        '--enable-logging',
      ]),
    ).toEqual({ kiosk: true, displayNumber: 2, dataDir: '/srv/watchfloor', demo: true, demoSpeed: 10 });
    expect(parseShellArgs(['--display=3', '--data-dir', '/data'])).toMatchObject({ displayNumber: 3, dataDir: '/data' });
  });

  it.each([['0'], ['-1'], ['1.5'], ['two']])('ignores --display %s, which names no display', (n) => {
    expect(parseShellArgs(['--display', n]).displayNumber).toBeNull();
  });

  it.each([['0'], ['-3'], ['5000'], ['fast']])('keeps real time for --demo-speed %s', (n) => {
    expect(parseShellArgs(['--demo-speed', n]).demoSpeed).toBe(1);
  });

  it('accepts the largest demo speed', () => {
    expect(parseShellArgs(['--demo-speed', '1000']).demoSpeed).toBe(1000);
  });
});
