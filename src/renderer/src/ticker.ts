import { deadlineTone } from '../../shared/domain/deadline';
import { formatCountdown } from '../../shared/domain/format';
import { hostNow } from './live/connection';

/**
 * One timer for every countdown on the screen, aligned to the host's second. Each tick writes
 * only the text and tone that changed, straight into the DOM: no React render per second, so
 * 300 countdowns cost a fraction of a millisecond.
 */
interface Entry {
  el: HTMLElement;
  dueAt: number;
  targetMs: number;
  text: string;
  tone: string;
}

const entries = new Set<Entry>();
let timer: ReturnType<typeof setTimeout> | null = null;
const secondListeners = new Set<(now: number) => void>();

export function renderCountdown(entry: Entry, now: number): void {
  const left = entry.dueAt - now;
  const text = formatCountdown(left);
  const tone = deadlineTone(left, entry.targetMs);
  if (text !== entry.text) {
    entry.el.textContent = text;
    entry.text = text;
  }
  if (tone !== entry.tone) {
    // The tone goes on the deadline block, so its label and digits change together.
    const block = entry.el.parentElement ?? entry.el;
    block.dataset.tone = tone;
    // A breach seen happening draws the eye once; one already breached at load does not.
    if (tone === 'breached' && entry.tone !== '') block.closest('.card')?.setAttribute('data-fresh', 'yes');
    entry.tone = tone;
  }
}

/** The last few ticks' main-thread cost in ms, for the benchmarks; a ring, so weeks on a wall cost nothing. */
const recentTicks: number[] = [];

export function recentTickDurations(): number[] {
  return [...recentTicks];
}

export function tickOnce(): number {
  const start = performance.now();
  const now = hostNow();
  for (const e of entries) renderCountdown(e, now);
  for (const l of secondListeners) l(now);
  recentTicks.push(performance.now() - start);
  if (recentTicks.length > 120) recentTicks.shift();
  return now;
}

function schedule(): void {
  const now = hostNow();
  timer = setTimeout(
    () => {
      tickOnce();
      schedule();
    },
    1000 - (now % 1000) + 5,
  );
}

function ensureRunning(): void {
  if (timer === null) schedule();
}

export function registerCountdown(el: HTMLElement, dueAt: number, targetMs: number): () => void {
  const entry: Entry = { el, dueAt, targetMs, text: '', tone: '' };
  entries.add(entry);
  renderCountdown(entry, hostNow());
  ensureRunning();
  return () => entries.delete(entry);
}

/** For the few things that change each second besides countdowns (the wall clock, page timer). */
export function onSecond(listener: (now: number) => void): () => void {
  secondListeners.add(listener);
  ensureRunning();
  return () => secondListeners.delete(listener);
}

export function countdownCount(): number {
  return entries.size;
}
