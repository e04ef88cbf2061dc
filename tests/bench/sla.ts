import type { BusinessCalendar, Calendar } from '../../src/shared/sla/calendar';
import type { ClockEvent, ClockInput } from '../../src/shared/sla/clock';
import { evaluateClock } from '../../src/shared/sla/clock';
import type { BenchFigure, BenchModule } from './types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const CLOCKS = 100_000;
const RUNS = 5;

const officeHours = (timeZone: string): BusinessCalendar => {
  const day: [string, string][] = [
    ['08:00', '12:30'],
    ['13:30', '18:00'],
  ];
  return { timeZone, hours: { mon: day, tue: day, wed: day, thu: day, fri: day }, holidays: ['12-25', '01-01', '2026-04-03'] };
};
const BUSINESS_CALENDARS = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe'].map(officeHours);

/** Deterministic pseudo-random numbers, so every run measures the same clocks. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Open clocks as the board holds them: started in the last week, some paused and resumed. */
function openClocks(nowMs: number): ClockInput[] {
  const random = seededRandom(3);
  const clocks: ClockInput[] = [];
  for (let i = 0; i < CLOCKS; i++) {
    const calendar: Calendar = i % 2 === 0 ? '24x7' : BUSINESS_CALENDARS[(i >> 1) % 3]!;
    const startMs = nowMs - Math.floor(random() * 7 * 24 * 60) * MINUTE;
    const events: ClockEvent[] = [{ type: 'start', atMs: startMs }];
    if (random() < 0.3) {
      const pauseMs = startMs + Math.floor(random() * (nowMs - startMs));
      events.push({ type: 'pause', atMs: pauseMs }, { type: 'resume', atMs: pauseMs + Math.floor(random() * HOUR) });
    }
    clocks.push({ calendar, targetMs: (15 + Math.floor(random() * 4 * 24 * 60)) * MINUTE, events, nowMs });
  }
  return clocks;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function evaluateAll(clocks: readonly ClockInput[]): number {
  const started = performance.now();
  let breached = 0;
  for (const clock of clocks) if (evaluateClock(clock).state === 'breached') breached++;
  if (breached < 0) throw new Error('unreachable');
  return performance.now() - started;
}

/** One busy incident clock: a long history, then one more event arrives. */
function reEvaluateAfterOneEvent(nowMs: number): number {
  const startMs = nowMs - 3 * 24 * HOUR;
  const history: ClockEvent[] = [{ type: 'start', atMs: startMs }];
  for (let k = 1; k <= 20; k++) history.push({ type: k % 2 ? 'pause' : 'resume', atMs: startMs + k * 3 * HOUR });
  const repetitions = 2_000;
  const started = performance.now();
  for (let r = 0; r < repetitions; r++) {
    const events: ClockEvent[] = [...history, { type: 'retarget', atMs: nowMs - (r % 60) * MINUTE, targetMs: 8 * HOUR }];
    evaluateClock({ calendar: BUSINESS_CALENDARS[r % 3]!, targetMs: 16 * HOUR, events, nowMs });
  }
  return (performance.now() - started) / repetitions;
}

const bench: BenchModule = {
  title: 'SLA clocks',
  async run(): Promise<BenchFigure[]> {
    const nowMs = Date.parse('2026-03-30T09:00:00Z'); // a week that crosses Europe's DST change
    const clocks = openClocks(nowMs);
    const coldMs = evaluateAll(clocks); // also warms the per-date caches and the JIT
    const fullRuns = Array.from({ length: RUNS }, () => evaluateAll(clocks));
    reEvaluateAfterOneEvent(nowMs);
    const singleRuns = Array.from({ length: RUNS }, () => reEvaluateAfterOneEvent(nowMs));
    const fullMs = median(fullRuns);
    const singleMs = median(singleRuns);
    return [
      {
        name: 'evaluate 100k running clocks from scratch (half business calendars in 3 zones)',
        value: Number(fullMs.toFixed(1)),
        unit: 'ms',
        target: '<= 200 ms',
        pass: fullMs <= 200,
        note: `median of ${RUNS} runs after a warm-up; first (cold-cache) run ${coldMs.toFixed(1)} ms`,
      },
      {
        name: 're-evaluate one clock after one event',
        value: Number(singleMs.toFixed(4)),
        unit: 'ms',
        target: '<= 1 ms',
        pass: singleMs <= 1,
        note: 'business calendar, 21-event history; median of 5 runs of 2,000 evaluations',
      },
    ];
  },
};

export default bench;
