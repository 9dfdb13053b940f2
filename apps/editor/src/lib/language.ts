// A guess at a pasted or uploaded text's language, so that Arabic is laid out right to left from the start.

const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]/g;

/** "ar" when most letters of the text's first 5,000 characters are Arabic script; otherwise no guess. */
export function guessLanguage(text: string): string | null {
  const sample = text.slice(0, 5000);
  const letters = sample.match(/\p{L}/gu)?.length ?? 0;
  const arabic = sample.match(ARABIC)?.length ?? 0;
  return letters > 0 && arabic / letters > 0.5 ? 'ar' : null;
}
