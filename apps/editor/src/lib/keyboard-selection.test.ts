import { describe, expect, it } from 'vitest';
import { sentences, words } from './units.ts';
import { clampSelection, moveSelection, rangeOfSelection, selectionOfRange, wholeCharacters, type WordSelection } from './keyboard-selection.ts';

const TEXT = 'Talks began. Shaibani met them in Moscow. Nothing was agreed.';
const W = words(TEXT);
const S = sentences(TEXT);
const quote = (sel: WordSelection) => {
  const r = rangeOfSelection(clampSelection(sel, W.length), W);
  return TEXT.slice(r.start, r.end);
};
const at = (word: string): WordSelection => {
  const i = W.findIndex((u) => TEXT.slice(u.start, u.end) === word);
  return { anchor: i, focus: i };
};
const press = (sel: WordSelection, ...keys: [Parameters<typeof moveSelection>[1], boolean?, boolean?][]) =>
  keys.reduce((s, [key, shift = false, rtl = false]) => clampSelection(moveSelection(s, key, shift, rtl, W, S), W.length), sel);

describe('moving a keyboard selection through the reader', () => {
  it('→ and ← move by a word, Shift extends and shrinks', () => {
    expect(quote(press(at('Shaibani'), ['ArrowRight']))).toBe('met');
    expect(quote(press(at('Shaibani'), ['ArrowRight', true], ['ArrowRight', true]))).toBe('Shaibani met them');
    expect(quote(press(at('Shaibani'), ['ArrowRight', true], ['ArrowRight', true], ['ArrowLeft', true]))).toBe('Shaibani met');
  });

  it('follows the screen in right-to-left text: ← goes forward', () => {
    expect(quote(press(at('Shaibani'), ['ArrowLeft', false, true]))).toBe('met');
    expect(quote(press(at('Shaibani'), ['ArrowRight', false, true]))).toBe('began');
  });

  it('↓ and ↑ go to the first word of the next or previous sentence; Shift+↓ extends to the sentence’s end, then the next', () => {
    expect(quote(press(at('met'), ['ArrowDown']))).toBe('Nothing');
    expect(quote(press(at('met'), ['ArrowUp']))).toBe('Talks');
    expect(quote(press(at('Shaibani'), ['ArrowDown', true]))).toBe('Shaibani met them in Moscow');
    expect(quote(press(at('Shaibani'), ['ArrowDown', true], ['ArrowDown', true]))).toBe('Shaibani met them in Moscow. Nothing was agreed');
    expect(quote(press(at('Moscow'), ['ArrowUp', true]))).toBe('Shaibani met them in Moscow');
  });

  it('s selects the sentence around the focus', () => {
    expect(quote(press(at('them'), ['s']))).toBe('Shaibani met them in Moscow');
  });

  it('stays inside the text at either end', () => {
    expect(quote(press(at('agreed'), ['ArrowRight'], ['ArrowDown']))).toBe('Nothing');
    expect(quote(press(at('Talks'), ['ArrowLeft'], ['ArrowUp']))).toBe('Talks');
  });

  it('takes over a mouse selection as whole words', () => {
    const start = TEXT.indexOf('aibani');
    const sel = selectionOfRange({ start, end: TEXT.indexOf(' in') }, W);
    expect(quote(sel)).toBe('Shaibani met them');
  });

  it('never cuts a surrogate pair', () => {
    const text = 'a 𝔸b';
    expect(wholeCharacters(text, 3, 4)).toEqual({ start: 2, end: 4 });
    expect(wholeCharacters(text, 0, 3)).toEqual({ start: 0, end: 4 });
    expect(wholeCharacters(text, 0, 2)).toEqual({ start: 0, end: 2 });
  });
});
