// Normalising source text before it is stored: claims anchor into the stored text, so it must be
// stable and render/export cleanly everywhere.

const BOM = '\uFEFF';

// C0 controls except TAB (\x09) and LF (\x0A), DEL, and the C1 block. CR is handled before this
// runs (folded into LF), so it never reaches here.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
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
  return normaliseTextCounted(s).text;
}

/** `normaliseText`, also saying how many lone surrogates it replaced by U+FFFD (an import reports them). */
export function normaliseTextCounted(s: string): { text: string; replaced: number } {
  const withoutBom = s.startsWith(BOM) ? s.slice(1) : s;
  const { text, replaced } = replaceLoneSurrogates(withoutBom.replace(/\r\n?/g, '\n'));
  return {
    // Controls go before NFC so that a base letter and a combining mark separated by one compose.
    text: text.replace(CONTROL, '').normalize('NFC'),
    replaced,
  };
}

/** Each lone surrogate in `s` replaced by U+FFFD, and how many there were. */
export function replaceLoneSurrogates(s: string): { text: string; replaced: number } {
  let replaced = 0;
  const text = s.replace(LONE_SURROGATE, () => {
    replaced++;
    return '\uFFFD';
  });
  return { text, replaced };
}

/** The index (in UTF-16 code units) of the first lone surrogate in `s`, or -1 when it is well-formed Unicode. */
export function loneSurrogateAt(s: string): number {
  return s.search(LONE_SURROGATE);
}

const UTF8_REPLACEMENT = [0xef, 0xbf, 0xbd] as const;

/**
 * Decodes a file's bytes as UTF-8 (each malformed sequence becomes U+FFFD, as `readFileSync(file,
 * 'utf8')` does; a leading BOM is dropped), counting the replacements so an import can report them.
 */
export function decodeUtf8(bytes: Uint8Array): { text: string; replaced: number } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), replaced: 0 };
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    // U+FFFD written in the file itself (EF BF BD) is text, not a replacement. EF is a lead byte, so a
    // malformed sequence never swallows one: the difference counts the replacements exactly.
    let inText = 0;
    for (const ch of text) if (ch === '\uFFFD') inText++;
    let inFile = 0;
    for (let i = 0; i + 2 < bytes.length; i++) {
      if (bytes[i] === UTF8_REPLACEMENT[0] && bytes[i + 1] === UTF8_REPLACEMENT[1] && bytes[i + 2] === UTF8_REPLACEMENT[2]) inFile++;
    }
    return { text, replaced: inText - inFile };
  }
}

// Characters that render as nothing: Unicode White_Space plus the invisible format characters an
// editor's selection can pick up on its own (zero-width space/joiners, direction marks and
// embeddings, word joiner, BOM, soft hyphen).
const BLANK = /^[\p{White_Space}\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]*$/u;

/** True when `s` has nothing a reader could see: empty, whitespace, or invisible format characters. */
export function isBlank(s: string): boolean {
  return BLANK.test(s);
}
