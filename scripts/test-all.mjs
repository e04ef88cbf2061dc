// `npm test`: every check and every suite, then one line that sums them all:
// `N passed, N failed, N skipped`. Exits non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const steps = [];
const totals = { passed: 0, failed: 0, skipped: 0 };
let broken = false;

function run(name, cmd, args) {
  process.stdout.write(`\n=== ${name}: ${[cmd, ...args].join(' ')}\n`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  const ok = r.status === 0;
  steps.push(`${name}: ${ok ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (!ok) broken = true;
  return ok;
}

function add(suite, passed, failed, skipped) {
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  steps.push(`${suite}: ${passed} passed, ${failed} failed, ${skipped} skipped`);
}

mkdirSync('reports', { recursive: true });
run('typecheck', 'npx', ['tsc', '-b']);
run('lint', 'npx', ['eslint', '--max-warnings', '0', '.']);

const built = run('build', 'npx', ['electron-vite', 'build', '--logLevel', 'warn']);
// The integration tests start the built CLI and server when they exist fresh, instead of tsx.
if (built) process.env.WATCHFLOOR_TEST_BUILT = '1';
rmSync('reports/vitest.json', { force: true });
run('unit + integration', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=reports/vitest.json']);
if (existsSync('reports/vitest.json')) {
  const v = JSON.parse(readFileSync('reports/vitest.json', 'utf8'));
  for (const suite of ['unit', 'integration']) {
    let p = 0,
      f = 0,
      s = 0;
    for (const file of v.testResults) {
      if (!file.name.includes(`/tests/${suite}/`)) continue;
      for (const t of file.assertionResults) {
        if (t.status === 'passed') p++;
        else if (t.status === 'failed') f++;
        else s++;
      }
      if (file.assertionResults.length === 0 && file.status === 'failed') f++;
    }
    add(suite, p, f, s);
  }
} else {
  add('unit + integration', 0, 1, 0);
}

rmSync('reports/playwright/results.json', { force: true });
if (built) run('e2e', 'npx', ['playwright', 'test']);
if (existsSync('reports/playwright/results.json')) {
  const pw = JSON.parse(readFileSync('reports/playwright/results.json', 'utf8'));
  const st = pw.stats;
  add('e2e', st.expected + (st.flaky ?? 0), st.unexpected, st.skipped);
  const reasons = new Set();
  const walk = (suite) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests) for (const a of t.annotations ?? []) if (a.type === 'skip' && a.description) reasons.add(a.description);
    for (const s of suite.suites ?? []) walk(s);
  };
  for (const s of pw.suites) walk(s);
  for (const r of reasons) steps.push(`e2e skipped: ${r}`);
} else {
  add('e2e', 0, 1, 0);
}

process.stdout.write(`\n=== summary\n${steps.map((s) => `  ${s}`).join('\n')}\n`);
if (broken && totals.failed === 0) totals.failed = 1;
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(broken || totals.failed > 0 ? 1 : 0);
