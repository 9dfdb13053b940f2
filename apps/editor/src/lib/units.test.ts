import { describe, expect, it } from 'vitest';
import { sentences, unitAt, words } from './units.ts';

const slice = (text: string, us: { start: number; end: number }[]) => us.map((u) => text.slice(u.start, u.end));

describe('words and sentences for keyboard selection', () => {
  it('finds words in Latin and Arabic script, skipping punctuation', () => {
    const text = 'Shaibani said: “talks.” قال الشيباني إن 👍🏽 الاجتماع';
    expect(slice(text, words(text))).toEqual(['Shaibani', 'said', 'talks', 'قال', 'الشيباني', 'إن', 'الاجتماع']);
  });
  it('ends sentences at full stops and at line breaks (headlines have no full stop)', () => {
    const text = 'A headline\n\nFirst sentence here. Second one!\n  Indented line';
    expect(slice(text, sentences(text))).toEqual(['A headline', 'First sentence here.', 'Second one!', 'Indented line']);
  });
  it('finds the unit at or after a position', () => {
    const us = [
      { start: 0, end: 3 },
      { start: 5, end: 9 },
    ];
    expect(unitAt(us, 0)).toBe(0);
    expect(unitAt(us, 3)).toBe(1);
    expect(unitAt(us, 7)).toBe(1);
    expect(unitAt(us, 20)).toBe(1);
  });
});
