import { useLayoutEffect, useRef, type RefObject } from 'react';
import { deadlineTone } from '../../shared/domain/deadline';
import { formatCountdown } from '../../shared/domain/format';
import { hostNow } from './live/connection';

/**
 * One timer for everything on the screen that changes with the clock — countdowns, ages, the
 * wall clock, channel freshness — aligned to the host's second. Each tick writes only the text
 * and tone that changed, straight into the DOM: no React render per second, so the board's cost
 * per second stays a fraction of a millisecond however many cards it shows.
 */
export interface LiveReading {
  text: string;
  /** Set as `data-tone` on the element's parent, so a label and its value change together. */
  tone?: string;
}
type Render = (now: number) => LiveReading;

interface Entry {
  el: HTMLElement;
  render: Render;
  text: string | null;
  tone: string | null;
  onTone?: (tone: string, previous: string | null, el: HTMLElement) => void;
}

const entries = new Set<Entry>();
let timer: ReturnType<typeof setTimeout> | null = null;

function apply(entry: Entry, now: number): void {
  const { text, tone } = entry.render(now);
  if (text !== entry.text) {
    entry.el.textContent = text;
    entry.text = text;
  }
  if (tone !== undefined && tone !== entry.tone) {
    const previous = entry.tone;
    (entry.el.parentElement ?? entry.el).dataset.tone = tone;
    entry.tone = tone;
    entry.onTone?.(tone, previous, entry.el);
  }
}

/** The last ticks' main-thread cost in ms, for the benchmarks; a ring, so weeks on a wall cost nothing. */
const recentTicks: number[] = [];

export function recentTickDurations(): number[] {
  return [...recentTicks];
}

export function tickOnce(): number {
  const start = performance.now();
  const now = hostNow();
  for (const e of entries) apply(e, now);
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

export function registerLive(el: HTMLElement, render: Render, onTone?: Entry['onTone']): () => void {
  const entry: Entry = { el, render, text: null, tone: null, ...(onTone ? { onTone } : {}) };
  entries.add(entry);
  apply(entry, hostNow());
  if (timer === null) schedule();
  return () => entries.delete(entry);
}

/** A breach seen happening draws the eye once; one already breached when drawn does not. */
function flashOnBreach(tone: string, previous: string | null, el: HTMLElement): void {
  if (tone === 'breached' && previous !== null) el.closest('.card')?.setAttribute('data-fresh', 'yes');
}

export function countdownReading(dueAt: number, targetMs: number): Render {
  return (now) => ({ text: formatCountdown(dueAt - now), tone: deadlineTone(dueAt - now, targetMs) });
}

export function registerCountdown(el: HTMLElement, dueAt: number, targetMs: number): () => void {
  return registerLive(el, countdownReading(dueAt, targetMs), flashOnBreach);
}

/** A span whose text the ticker keeps current; `deps` say when its reading function changes. */
export function useLiveText(render: Render, deps: readonly unknown[]): RefObject<HTMLSpanElement | null> {
  const ref = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    if (!ref.current) return undefined;
    return registerLive(ref.current, render);
    // The reading is rebuilt only when its inputs change, not on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return ref;
}

/** How many countdowns are on the screen (read by the benchmarks). */
export function countdownCount(): number {
  let n = 0;
  for (const e of entries) if (e.onTone === flashOnBreach) n++;
  return n;
}
