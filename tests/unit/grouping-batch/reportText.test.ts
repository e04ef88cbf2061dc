import { describe, expect, it } from 'vitest';
import { porterStem } from '../../../src/shared/grouping/porterStemmer';
import { reportTerms } from '../../../src/shared/grouping/reportText';

describe('the Porter stemmer', () => {
  it.each([
    ['caresses', 'caress'],
    ['ponies', 'poni'],
    ['cats', 'cat'],
    ['agreed', 'agre'],
    ['hopping', 'hop'],
    ['crashes', 'crash'],
    ['crashing', 'crash'],
    ['crashed', 'crash'],
    ['relational', 'relat'],
    ['generalizations', 'gener'],
    ['electrical', 'electr'],
    ['controlling', 'control'],
    ['yelling', 'yell'],
  ])('stems %s to %s', (word, stem) => {
    expect(porterStem(word)).toBe(stem);
  });

  it('leaves short words, digits and other scripts alone', () => {
    expect(porterStem('is')).toBe('is');
    expect(porterStem('404s')).toBe('404s');
    expect(porterStem('ошибка')).toBe('ошибка');
  });
});

describe('reading a report', () => {
  it('keeps content words, stemmed, and drops filler, case and accents', () => {
    expect(reportTerms("Hi team — our users can't log in; the Café SSO logins are FAILING")).toEqual({
      ok: true,
      stems: ['user', 'log', 'cafe', 'sso', 'login', 'fail'],
    });
  });

  it('drops blob-like words too long to be repeated by anyone else', () => {
    expect(reportTerms(`printer error ${'A'.repeat(80)}`)).toEqual({ ok: true, stems: ['printer', 'error'] });
  });
});
