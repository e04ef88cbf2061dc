import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchFigure, BenchModule } from './types';

/**
 * `npm run bench [-- name …]`: runs the benchmark modules (all, or those named), prints each
 * figure as it comes, and writes reports/BENCHMARKS.md and reports/bench.json.
 */

const MODULES: Record<string, () => Promise<{ default: BenchModule }>> = {
  sla: () => import('./sla'),
  conversationSla: () => import('./conversationSla'),
  ingest: () => import('./ingest'),
  snapshot: () => import('./snapshot'),
  freshness: () => import('./freshness'),
  countdown: () => import('./countdown'),
  alarms: () => import('./alarms'),
  grouping: () => import('./grouping'),
  accounts: () => import('./accounts'),
  email: () => import('./email'),
  webhook: () => import('./webhook'),
  slack: () => import('./slack'),
  crm: () => import('./crm'),
};

interface ModuleResult {
  module: string;
  title: string;
  seconds: number;
  figures: BenchFigure[];
  error?: string;
}

function machine(): Record<string, string> {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: String(cpu.length),
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    os: `${platform()} ${release()}`,
    date: new Date().toISOString(),
    'load average at start (1/5/15 min)': loadavg()
      .map((l) => l.toFixed(2))
      .join(' / '),
  };
}

function formatValue(f: BenchFigure): string {
  if (Number.isNaN(f.value)) return '—';
  return Number.isInteger(f.value) ? f.value.toLocaleString('en') : String(f.value);
}

function verdict(f: BenchFigure): string {
  return f.pass === null ? '' : f.pass ? 'pass' : '**FAIL**';
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function markdown(host: Record<string, string>, results: ModuleResult[], totalSeconds: number): string {
  const lines = [
    '# Watchfloor benchmarks',
    '',
    'Written by `npm run bench` (tests/bench/run.ts). Targets from issue 2: snapshot ≤ 20 ms at 10k incidents / 1M messages,',
    'freshness ≤ 250 ms at p99, countdown ≤ 4 ms of main-thread time per second with 300 open incidents, ingest through the',
    'real path ≥ 50% of a raw insert of the same rows and indexes. Benchmarks, not timed tests: a miss is reported, not hidden.',
    '',
    '| machine | |',
    '|---|---|',
    ...Object.entries(host).map(([k, v]) => `| ${k} | ${cell(v)} |`),
    `| total run time | ${totalSeconds.toFixed(0)} s |`,
    '',
  ];
  for (const r of results) {
    lines.push(`## ${r.title}`, '', `Module \`${r.module}\`, ${r.seconds.toFixed(1)} s.`, '');
    if (r.error) lines.push(`**The module failed:** ${cell(r.error)}`, '');
    if (r.figures.length > 0) {
      lines.push('| figure | value | unit | target | result | note |', '|---|---:|---|---|---|---|');
      for (const f of r.figures)
        lines.push(`| ${cell(f.name)} | ${formatValue(f)} | ${f.unit} | ${cell(f.target)} | ${verdict(f)} | ${cell(f.note ?? '')} |`);
      lines.push('');
    }
  }
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((a) => !(a in MODULES));
  if (unknown.length > 0) {
    console.error(`unknown benchmark ${unknown.map((u) => `"${u}"`).join(', ')}; choose from ${Object.keys(MODULES).join(', ')}`);
    return 2;
  }
  const chosen = argv.length > 0 ? argv : Object.keys(MODULES);
  const host = machine();
  console.log(`Watchfloor benchmarks on ${host.cpu} (${host.cores} cores, ${host.memory}), Node ${host.node}, ${host.os}`);
  const results: ModuleResult[] = [];
  const started = performance.now();
  for (const name of chosen) {
    const moduleStarted = performance.now();
    const result: ModuleResult = { module: name, title: name, seconds: 0, figures: [] };
    results.push(result);
    try {
      const bench = (await MODULES[name]!()).default;
      result.title = bench.title;
      console.log(`\n== ${bench.title}`);
      result.figures = await bench.run();
      for (const f of result.figures) {
        const v = verdict(f);
        console.log(
          `  ${f.name}: ${formatValue(f)} ${f.unit}${f.target ? ` (target ${f.target}${v ? `: ${v.replace(/\*/g, '')}` : ''})` : ''}`,
        );
        if (f.note) console.log(`    ${f.note}`);
      }
    } catch (err) {
      result.error = err instanceof Error ? (err.stack ?? err.message) : String(err);
      console.error(`  ${name} failed: ${result.error}`);
    }
    result.seconds = (performance.now() - moduleStarted) / 1000;
  }
  const totalSeconds = (performance.now() - started) / 1000;
  const reports = fileURLToPath(new URL('../../reports', import.meta.url));
  mkdirSync(reports, { recursive: true });
  // A filtered run writes its own pair of files, so it never overwrites the full report with part of it.
  const suffix = argv.length > 0 ? `-${chosen.join('-')}` : '';
  writeFileSync(join(reports, `BENCHMARKS${suffix}.md`), markdown(host, results, totalSeconds));
  writeFileSync(join(reports, `bench${suffix}.json`), `${JSON.stringify({ machine: host, totalSeconds, results }, null, 2)}\n`);
  console.log(`\nwrote reports/BENCHMARKS${suffix}.md and reports/bench${suffix}.json in ${totalSeconds.toFixed(0)} s`);
  return results.some((r) => r.error) ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
