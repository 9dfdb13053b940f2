// Normalising source text before it is stored: claims anchor into the stored text, so it must be
// stable and render/export cleanly everywhere.

const BOM = '\uFEFF';

// C0 controls except TAB (\x09) and LF (\x0A), DEL, and the C1 block. CR is handled before this
// runs (folded into LF), so it never reaches here.
const CONTROL = /[\x00-\x08\x0B-\x1F\x7F-\x9F]/g;

// A high surrogate not followed by a low one, or a low one not preceded by a high one. These cannot
// be encoded as UTF-8: the database driver would replace them with U+FFFD anyway, and anchors
// computed before that replacement would then point at different text.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The form a source's text is stored in: no leading BOM, LF line endings, NFC, no control
 * characters other than \n and \t, lone surrogates replaced by U+FFFD. Everything else (Arabic,
 * emoji, zero-width joiners, a BOM that is not at the start) is kept exactly.
 */
export function normaliseText(s: string): string {
  const withoutBom = s.startsWith(BOM) ? s.slice(1) : s;
  return withoutBom
    .replace(/\r\n?/g, '\n')
    .replace(LONE_SURROGATE, '\uFFFD')
    // Controls go before NFC so that a base letter and a combining mark separated by one compose.
    .replace(CONTROL, '')
    .normalize('NFC');
}

// Characters that render as nothing: Unicode White_Space plus the invisible format characters an
// editor's selection can pick up on its own (zero-width space/joiners, direction marks and
// embeddings, word joiner, BOM, soft hyphen).
const BLANK = /^[\p{White_Space}\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]*$/u;

/** True when `s` has nothing a reader could see: empty, whitespace, or invisible format characters. */
export function isBlank(s: string): boolean {
  return BLANK.test(s);
}
