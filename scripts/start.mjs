// `npm start`: builds Watchfloor and opens the desktop app; where no Electron binary can be had,
// says so in one line and points to the headless host.
import { spawn, spawnSync } from 'node:child_process';
import { electronBinary } from './electron-binary.mjs';

const electronPath = electronBinary();
if (electronPath === null) {
  process.stderr.write(
    'No Electron binary on this machine (run `npm run electron:install` where downloads work); use `npm run serve` and open http://127.0.0.1:4800 instead.\n',
  );
  process.exit(1);
}
const build = spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const app = spawn(electronPath, ['out/main/index.js', ...process.argv.slice(2)], { stdio: 'inherit' });
app.on('exit', (code) => process.exit(code ?? 0));
