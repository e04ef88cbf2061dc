import type { ImportDateFormat } from '../../../../shared/contract/accounts';

/**
 * Reading one cell's value. Each parser returns the value or the reason it is not one, in words
 * that name what was found and what would be read, so a problem line can be acted on.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (code: string, message: string): Parsed<never> => ({ ok: false, code, message });

const CURRENCY = /^(?:[$€£¥₹]|USD|EUR|GBP|CHF|CAD|AUD|JPY|US\$|A\$|C\$)/i;
const CURRENCY_END = /(?:[$€£¥₹]|USD|EUR|GBP|CHF|CAD|AUD|JPY)$/i;

/**
 * ARR in the file's currency units → integer cents. Reads `1200`, `1200.5`, `1,200.50`, `$1200`,
 * `USD 1,200`, `1 200,50 €` (with decimalSeparator ","); rounds to the cent, half away from zero.
 * Negative amounts (`-5`, `(5)`), words, and thousands groups that are not groups of three are refused.
 */
export function parseArr(raw: string | number, decimalSeparator: '.' | ',' = '.'): Parsed<number> {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return bad('bad_arr', `ARR ${raw} is not a number`);
    if (raw < 0) return bad('negative_arr', `ARR ${raw} is negative; ARR is an amount of money a year, 0 or more`);
    if (raw * 100 > Number.MAX_SAFE_INTEGER) return bad('bad_arr', `ARR ${raw} is too large to store`);
    return centsOf(String(raw).includes('e') ? raw.toFixed(2) : String(raw), raw);
  }
  const text = raw.trim();
  let s = text.replace(/[\s\u00a0\u202f]/g, '');
  if (/^\(.*\)$/.test(s) || s.startsWith('-') || s.startsWith('−') || /^[^0-9]*-/.test(s)) {
    return bad('negative_arr', `ARR "${text}" is negative; ARR is an amount of money a year, 0 or more`);
  }
  s = s.replace(CURRENCY, '').replace(CURRENCY_END, '');
  if (s.startsWith('+')) s = s.slice(1);
  const thousands = decimalSeparator === '.' ? ',' : '.';
  const { grouped, plain } = amountPatterns[decimalSeparator];
  if (!grouped.test(s) && !plain.test(s)) {
    const hint =
      decimalSeparator === '.' && /^\d+,\d{1,2}$/.test(s)
        ? ' (a decimal comma? set "decimalSeparator": "," in the map)'
        : /\d[kKmM]$/.test(s)
          ? ' (write the whole amount, e.g. 120000 for 120k)'
          : '';
    return bad('bad_arr', `ARR "${text}" is not an amount like 1200, 1,200.50 or $1200${hint}`);
  }
  const normal = s.split(thousands).join('').replace(decimalSeparator, '.');
  return centsOf(normal.startsWith('.') ? `0${normal}` : normal, text);
}

/** What an amount may look like: digits grouped in threes by the thousands mark, or plain digits; either with decimals. */
const amountPatterns = {
  '.': { grouped: /^\d{1,3}(,\d{3})+(\.\d+)?$/, plain: /^\d+(\.\d+)?$|^\.\d+$/ },
  ',': { grouped: /^\d{1,3}(\.\d{3})+(,\d+)?$/, plain: /^\d+(,\d+)?$|^,\d+$/ },
} as const;

/** Decimal text → cents by string arithmetic, so 1200.505 is never 120050.49999. */
function centsOf(decimal: string, shown: string | number): Parsed<number> {
  const [whole = '0', frac = ''] = decimal.split('.');
  let cents = BigInt(whole) * 100n + BigInt((frac + '00').slice(0, 2));
  if (frac.length > 2 && Number(frac[2]) >= 5) cents += 1n;
  if (cents > BigInt(Number.MAX_SAFE_INTEGER)) return bad('bad_arr', `ARR ${JSON.stringify(shown)} is too large to store`);
  return ok(Number(cents));
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** The order of day and month in slash dates, when a column's values tell it (a part above 12). */
export type DayMonthOrder = 'MDY' | 'DMY' | null;

/**
 * A renewal date → YYYY-MM-DD. Always read: `2026-03-01`, an ISO date-time (its UTC date),
 * `2026/03/01`, `1 Mar 2026`, `March 1, 2026`, `01-Mar-2026`, `1.3.2026` (day first, as written
 * with dots). Slash dates `03/01/2026` follow `dateFormat`, else the order the column shows
 * (`order`); a slash date that could be either is refused rather than guessed. Dates that do not
 * exist (2026-02-30) are refused.
 */
export function parseDate(raw: string, dateFormat?: ImportDateFormat, order: DayMonthOrder = null): Parsed<string> {
  const text = raw.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (m) {
    if (text.length > 10 && /[T ]/.test(text)) {
      const t = Date.parse(text.replace(' ', 'T'));
      if (!Number.isNaN(t) && /(Z|[+-]\d{2}:?\d{2})$/.test(text)) return ok(new Date(t).toISOString().slice(0, 10));
    }
    return ymd(+m[1]!, +m[2]!, +m[3]!, text);
  }
  if ((m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(text))) return ymd(+m[1]!, +m[2]!, +m[3]!, text);
  if ((m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text))) {
    if (dateFormat === 'MM/DD/YYYY') return ymd(+m[3]!, +m[1]!, +m[2]!, text);
    return ymd(+m[3]!, +m[2]!, +m[1]!, text);
  }
  if ((m = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/.exec(text))) {
    const a = +m[1]!;
    const b = +m[2]!;
    const y = +m[3]!;
    const format = dateFormat === 'MM/DD/YYYY' ? 'MDY' : dateFormat === 'DD/MM/YYYY' || dateFormat === 'DD.MM.YYYY' ? 'DMY' : order;
    if (format === 'MDY') return ymd(y, a, b, text);
    if (format === 'DMY') return ymd(y, b, a, text);
    if (a > 12 && b <= 12) return ymd(y, b, a, text);
    if (b > 12 && a <= 12) return ymd(y, a, b, text);
    if (a === b) return ymd(y, a, b, text);
    return bad(
      'ambiguous_date',
      `date "${text}" could be ${monthName(a)} ${b} or ${a} ${monthName(b)}; set "dateFormat" in the map (MM/DD/YYYY or DD/MM/YYYY)`,
    );
  }
  if ((m = /^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ ,-]*(\d{4})$/.exec(text))) {
    const month = monthIndex(m[2]!);
    if (month !== null) return ymd(+m[3]!, month, +m[1]!, text);
  }
  if ((m = /^([A-Za-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$/.exec(text))) {
    const month = monthIndex(m[1]!);
    if (month !== null) return ymd(+m[3]!, month, +m[2]!, text);
  }
  return bad('bad_date', `"${text}" is not a date Watchfloor reads (e.g. 2026-03-01, 1 Mar 2026, or set "dateFormat" in the map)`);
}

function monthIndex(name: string): number | null {
  const i = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  if (i < 0) return null;
  const full = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'][
    i
  ]!;
  const n = name.toLowerCase();
  return n.length === 3 || full.startsWith(n) || n === 'sept' ? i + 1 : null;
}

function monthName(m: number): string {
  return m >= 1 && m <= 12
    ? ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][m - 1]!
    : `month ${m}`;
}

function ymd(y: number, m: number, d: number, shown: string): Parsed<string> {
  if (y < 1900 || y > 2200) return bad('bad_date', `date "${shown}" has the year ${y}; a renewal date lies between 1900 and 2200`);
  if (m < 1 || m > 12) return bad('bad_date', `date "${shown}" has no month ${m}`);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d < 1 || d > days) return bad('impossible_date', `date "${shown}" does not exist: ${monthName(m)} ${y} has ${days} days`);
  return ok(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
}

/** What a column of slash dates says about day and month order: a first part above 12 means day first. */
export function slashDateOrder(values: Iterable<string>): { order: DayMonthOrder; conflict: boolean } {
  let dayFirst = false;
  let monthFirst = false;
  for (const v of values) {
    const m = /^\s*(\d{1,2})[/-](\d{1,2})[/-]\d{4}\s*$/.exec(v);
    if (!m) continue;
    if (+m[1]! > 12 && +m[2]! <= 12) dayFirst = true;
    if (+m[2]! > 12 && +m[1]! <= 12) monthFirst = true;
  }
  if (dayFirst && monthFirst) return { order: null, conflict: true };
  return { order: dayFirst ? 'DMY' : monthFirst ? 'MDY' : null, conflict: false };
}

/**
 * A file's tier → one of the workspace's tiers: the map's aliases first, then the tier names
 * themselves, both ignoring case and surrounding space.
 */
export function parseTier(raw: string, tiers: readonly string[], aliases: Readonly<Record<string, string>> = {}): Parsed<string> {
  const text = raw.trim();
  const folded = text.toLowerCase();
  for (const [from, to] of Object.entries(aliases)) {
    if (from.trim().toLowerCase() !== folded) continue;
    const target = tiers.find((t) => t.toLowerCase() === to.trim().toLowerCase());
    if (target) return ok(target);
    return bad('unknown_tier', `the map turns tier "${text}" into "${to}", which is not a tier of this workspace (${tiers.join(', ')})`);
  }
  const direct = tiers.find((t) => t.toLowerCase() === folded);
  if (direct) return ok(direct);
  return bad(
    'unknown_tier',
    `tier "${text}" is not one of this workspace's tiers (${tiers.join(', ')}); add it to the map's "tiers", e.g. {"${text}": "${tiers[0] ?? 'enterprise'}"}`,
  );
}

const HOST = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * A domain as a website or address cell may hold it → the bare host: scheme, `www.`, port, path,
 * an address's local part and a trailing dot go; international names become their xn-- form.
 */
export function normalizeDomain(raw: string): Parsed<string> {
  let s = raw.trim().toLowerCase();
  if (s === '') return bad('bad_domain', 'the domain is empty');
  if (s.includes('@') && !s.includes('/')) s = s.slice(s.lastIndexOf('@') + 1);
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//.test(s) ? s : `http://${s}`);
    s = url.hostname;
  } catch {
    return bad('bad_domain', `"${raw.trim()}" is not a domain or website address`);
  }
  s = s.replace(/\.$/, '').replace(/^www\d*\./, '');
  if (!HOST.test(s)) return bad('bad_domain', `"${raw.trim()}" is not a domain or website address (like acme.com)`);
  return ok(s);
}

/** Several domains in one cell (or a JSON list), each normalized, duplicates dropped, order kept. */
export function parseDomains(raw: string | readonly string[], separator?: string): Parsed<string[]> {
  const parts = typeof raw === 'string' ? (separator ? raw.split(separator) : raw.split(/[,;|\s]+/)) : raw;
  const out: string[] = [];
  for (const p of parts) {
    if (p.trim() === '') continue;
    const d = normalizeDomain(p);
    if (!d.ok) return d;
    if (!out.includes(d.value)) out.push(d.value);
  }
  return ok(out);
}

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/** An email address, lowercased; `Name <a@b.com>` gives the address. */
export function parseEmail(raw: string): Parsed<string> {
  const text = raw.trim();
  const inner = /<([^>]+)>\s*$/.exec(text)?.[1] ?? text;
  const s = inner
    .replace(/^mailto:/i, '')
    .trim()
    .toLowerCase();
  if (!EMAIL.test(s) || s.length > 320) return bad('bad_email', `"${text}" is not an email address`);
  return ok(s);
}
