import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The app's own data folder — the same one Electron's `userData` points to — so the desktop app
 * and `npm run serve` open the same workspace by default.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.WATCHFLOOR_DATA_DIR) return env.WATCHFLOOR_DATA_DIR;
  const home = homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Watchfloor');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Watchfloor');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Watchfloor');
}
