import { describe, expect, it } from 'vitest';
import { guessLanguage } from './language.ts';

describe('guessing a new source’s language', () => {
  it('says Arabic when most letters are Arabic script, quotes in Latin script included', () => {
    expect(guessLanguage('قال وزير الخارجية السوري أسعد الشيباني إن "Moscow" لم ترد')).toBe('ar');
  });
  it('makes no guess for Latin script, a mix where Arabic is the minority, or text without letters', () => {
    expect(guessLanguage('Shaibani said the talks went well.')).toBeNull();
    expect(guessLanguage('The minister, quoted as قال, said the talks went well.')).toBeNull();
    expect(guessLanguage('2024-12-08 — 10:00')).toBeNull();
  });
});
