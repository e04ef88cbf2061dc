/**
 * Martin Porter's 1980 suffix-stripping stemmer, for lowercase ASCII words: "crashes",
 * "crashing" and "crashed" all become "crash", "failure" and "failing" stay near each other.
 * A faithful port of the reference algorithm (tartarus.org/martin/PorterStemmer), so its
 * behaviour can be checked against the published vocabulary.
 */

const step2Suffixes: Record<string, string> = {
  ational: 'ate',
  tional: 'tion',
  enci: 'ence',
  anci: 'ance',
  izer: 'ize',
  bli: 'ble',
  alli: 'al',
  entli: 'ent',
  eli: 'e',
  ousli: 'ous',
  ization: 'ize',
  ation: 'ate',
  ator: 'ate',
  alism: 'al',
  iveness: 'ive',
  fulness: 'ful',
  ousness: 'ous',
  aliti: 'al',
  iviti: 'ive',
  biliti: 'ble',
  logi: 'log',
};
const step3Suffixes: Record<string, string> = { icate: 'ic', ative: '', alize: 'al', iciti: 'ic', ical: 'ic', ful: '', ness: '' };

const c = '[^aeiou]';
const v = '[aeiouy]';
const C = `${c}[^aeiouy]*`;
const V = `${v}[aeiou]*`;
const measureAbove0 = new RegExp(`^(${C})?${V}${C}`);
const measureIs1 = new RegExp(`^(${C})?${V}${C}(${V})?$`);
const measureAbove1 = new RegExp(`^(${C})?${V}${C}${V}${C}`);
const hasVowel = new RegExp(`^(${C})?${v}`);
const endsCvc = new RegExp(`^${C}${v}[^aeiouwxy]$`);

const step1aSses = /^(.+?)(ss|i)es$/;
const step1aS = /^(.+?)([^s])s$/;
const step1bEed = /^(.+?)eed$/;
const step1bEdIng = /^(.+?)(ed|ing)$/;
const step1bRestoreE = /(at|bl|iz)$/;
const step1bDouble = /([^aeiouylsz])\1$/;
const step1cY = /^(.+?)y$/;
const step2 =
  /^(.+?)(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness|fulness|ousness|aliti|iviti|biliti|logi)$/;
const step3 = /^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$/;
const step4 = /^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$/;
const step4Ion = /^(.+?)(s|t)(ion)$/;
const step5E = /^(.+?)e$/;

export function porterStem(word: string): string {
  if (word.length < 3 || !/^[a-z]+$/.test(word)) return word;
  // A leading y is a consonant; upper-casing it keeps the vowel patterns from seeing it.
  const leadingY = word.startsWith('y');
  let w = leadingY ? `Y${word.slice(1)}` : word;
  let m: RegExpExecArray | null;

  if ((m = step1aSses.exec(w))) w = m[1]! + m[2]!;
  else if ((m = step1aS.exec(w))) w = m[1]! + m[2]!;

  if ((m = step1bEed.exec(w))) {
    if (measureAbove0.test(m[1]!)) w = w.slice(0, -1);
  } else if ((m = step1bEdIng.exec(w))) {
    const stem = m[1]!;
    if (hasVowel.test(stem)) {
      w = stem;
      if (step1bRestoreE.test(w)) w += 'e';
      else if (step1bDouble.test(w)) w = w.slice(0, -1);
      else if (endsCvc.test(w)) w += 'e';
    }
  }

  if ((m = step1cY.exec(w)) && hasVowel.test(m[1]!)) w = `${m[1]!}i`;

  if ((m = step2.exec(w)) && measureAbove0.test(m[1]!)) w = m[1]! + step2Suffixes[m[2]!]!;
  if ((m = step3.exec(w)) && measureAbove0.test(m[1]!)) w = m[1]! + step3Suffixes[m[2]!]!;

  if ((m = step4.exec(w))) {
    if (measureAbove1.test(m[1]!)) w = m[1]!;
  } else if ((m = step4Ion.exec(w))) {
    const stem = m[1]! + m[2]!;
    if (measureAbove1.test(stem)) w = stem;
  }

  if ((m = step5E.exec(w))) {
    const stem = m[1]!;
    if (measureAbove1.test(stem) || (measureIs1.test(stem) && !endsCvc.test(stem))) w = stem;
  }
  if (w.endsWith('ll') && measureAbove1.test(w)) w = w.slice(0, -1);

  return leadingY ? `y${w.slice(1)}` : w;
}
