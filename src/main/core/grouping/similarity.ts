/**
 * A first, explainable measure of "same problem": cosine similarity of the sets of content
 * words two reports use. The grouping issue replaces it with a measured method; this one only
 * has to keep the demo and the first users honest.
 */
const stopwords = new Set(
  `the and for are but not you your our with this that have has had from they them was were will would can cant could
  just been being into about there their what when where which while who why how all any each few more most other some such
  only own same than too very its it's we us me my i'm ive i've hi hello thanks thank please team regards dear again also
  today yesterday since now still get got getting see seeing one two does did doing any anyone something issue problem help
  hey there's here is on of in to a an be as at by or if so no do up`.split(/\s+/),
);

export function contentWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const raw of text
    .toLowerCase()
    .normalize('NFKD')
    .split(/[^a-z0-9]+/)) {
    if (raw.length < 3 || stopwords.has(raw)) continue;
    out.add(stem(raw));
  }
  return out;
}

function stem(w: string): string {
  if (w.length > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith('ed')) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

export function similarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const w of small) if (large.has(w)) shared++;
  return shared / Math.sqrt(a.size * b.size);
}

/** Severity suggested from what customers wrote and how many accounts wrote it. */
export function suggestSeverity(text: string, accountCount: number): 'P1' | 'P2' | 'P3' {
  const t = text.toLowerCase();
  const outage = /\b(down|outage|cannot|can't|unable|fail(ed|ing|s|ure)?|error|broken|not working|timeout|timing out)\b/.test(t);
  if (outage && accountCount >= 4) return 'P1';
  if (outage) return 'P2';
  return 'P3';
}
