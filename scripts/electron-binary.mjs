// Where the Electron binary is, or null — found WITHOUT requiring the `electron` package, whose
// entry point tries to download the binary when it is missing (no downloads happen here).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function electronBinary() {
  let dir;
  try {
    dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const base = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(dir, 'dist');
  if (!relative && !process.env.ELECTRON_OVERRIDE_DIST_PATH) return null;
  const full = join(base, relative ?? 'electron');
  return existsSync(full) ? full : null;
}
