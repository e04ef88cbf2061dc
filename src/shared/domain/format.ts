/** Formatting the wallboard and the CLI share. Pure; no locale surprises. */

/**
 * `mm:ss` under an hour; above it minutes only, with units so `17h 49m` can never be read as
 * seventeen minutes; `3d 04h` past a day; a minus once overdue. Above an hour the text changes
 * once a minute, which keeps a full board's per-second work to the few clocks that are close.
 */
export function formatCountdown(ms: number): string {
  const negative = ms < 0;
  const total = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const body = d > 0 ? `${d}d ${pad(h)}h` : h > 0 ? `${h}h ${pad(m)}m` : `${pad(m)}:${pad(s)}`;
  // A true minus sign: as wide as a digit in tabular figures, so an overdue clock does not jump.
  return negative ? `\u2212${body}` : body;
}

export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${pad(m % 60)}m`;
  const d = Math.floor(h / 24);
  return `${d}d ${h % 24}h`;
}

/** `$1.2M`, `$480k`, `$900`: money on the board, abbreviated the same way everywhere. */
export function formatMoneyCents(cents: number): string {
  const dollars = cents / 100;
  if (dollars >= 1_000_000) return `$${trim(dollars / 1_000_000)}M`;
  if (dollars >= 1_000) return `$${Math.round(dollars / 1_000)}k`;
  return `$${Math.round(dollars)}`;
}

function trim(n: number): string {
  return n >= 10 ? n.toFixed(0) : n.toFixed(1).replace(/\.0$/, '');
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
