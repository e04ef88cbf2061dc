// `npm start`: builds Watchfloor and opens the desktop app; where no Electron binary can be had,
// says so in one line and points to the headless host.
import { spawnSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';

let electronPath;
try {
  electronPath = createRequire(import.meta.url)('electron');
} catch {
  electronPath = null;
}
if (typeof electronPath !== 'string') {
  process.stderr.write(
    'No Electron binary on this machine (run `npm run electron:install` where downloads work); use `npm run serve` and open http://127.0.0.1:4800 instead.\n',
  );
  process.exit(1);
}
const build = spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const app = spawn(electronPath, ['out/main/index.js', ...process.argv.slice(2)], { stdio: 'inherit' });
app.on('exit', (code) => process.exit(code ?? 0));
