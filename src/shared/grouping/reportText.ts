import { porterStem } from './porterStemmer';

/** Reports larger than this are pasted logs or attachments, not a description of a problem. */
export const MAX_REPORT_BYTES = 100 * 1024;

const MAX_WORD_LENGTH = 30;

/**
 * Why a report cannot be compared with others and so gets a group of its own. `no-content`
 * is text made only of greetings and filler ("hi, thanks!").
 */
export type UnfitReason = 'empty' | 'too-large' | 'not-text' | 'no-content';

// Function words, support-floor filler and question scaffolding: they say how someone asks,
// not what went wrong, and would pull unrelated reports together.
const STOPWORDS = new Set(
  `a about above after again against all also am an and any anyone anything are aren arent as at be because been before being
  below between both but by can cannot cant could couldn did didn didnt do does doesn doesnt doing don dont down during each few
  for from further get gets getting got had hadn has hasn have haven having he her here hers herself him himself his how i id
  if im in into is isn isnt it its itself ive just let lets like ll me might more most must my myself need no nor not now of
  off on once only or other ought our ours ourselves out over own please re same shall she should so some such than that thats
  the their theirs them themselves then there theres these they this those through to too under until up us ve very was wasn
  we were weren what whats when where which while who whom whose why will with won would wouldn you youd your youre yours
  yourself yourselves hi hello hey thanks thank regards dear team folks guys ok okay yes yeah hmm um uh know tell want wanted
  help would could may also really still just today s t d m`.split(/\s+/),
);

/** How a report reads to the grouper: its content words (stemmed) in order, or why it has none. */
export type ReportTerms = { ok: true; stems: string[] } | { ok: false; reason: UnfitReason };

export function reportTerms(text: string): ReportTerms {
  if (text.trim() === '') return { ok: false, reason: 'empty' };
  if (utf8Bytes(text, MAX_REPORT_BYTES) > MAX_REPORT_BYTES) return { ok: false, reason: 'too-large' };
  if (!looksLikeText(text)) return { ok: false, reason: 'not-text' };
  const stems: string[] = [];
  for (const word of words(text)) {
    // Longer "words" are identifiers, hashes or encoded blobs: nothing another report repeats.
    if (STOPWORDS.has(word) || word.length > MAX_WORD_LENGTH) continue;
    stems.push(stemCached(word));
  }
  return stems.length === 0 ? { ok: false, reason: 'no-content' } : { ok: true, stems };
}

/** Lowercase words with accents folded and apostrophes dropped ("can't" → "cant"). */
export function words(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/['’]/g, '')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/**
 * Text is mostly letters once spaces are set aside; base64, hex dumps, binary read as UTF-8
 * (replacement and control characters) and rows of symbols are not.
 */
function looksLikeText(text: string): boolean {
  let letters = 0;
  let visible = 0;
  let junk = 0;
  for (const ch of text) {
    if (/\s/u.test(ch)) continue;
    visible++;
    if (/\p{L}/u.test(ch)) letters++;
    else if (/[\p{Cc}\p{Cs}\p{Co}\p{Cn}\uFFFD]/u.test(ch)) junk++;
  }
  if (visible === 0) return false;
  if (junk / visible > 0.05) return false;
  return letters / visible >= 0.5;
}

/** UTF-8 length of `text`, counting no further than just past `limit`. */
function utf8Bytes(text: string, limit: number): number {
  if (text.length > limit) return text.length; // every UTF-16 unit is at least one byte
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= limit; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

// Stemming is the costliest step per word and support text repeats its vocabulary.
const stemCache = new Map<string, string>();
function stemCached(word: string): string {
  let stem = stemCache.get(word);
  if (stem === undefined) {
    stem = porterStem(word);
    if (stemCache.size > 50_000) stemCache.clear();
    stemCache.set(word, stem);
  }
  return stem;
}
