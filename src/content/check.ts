/**
 * An independent checker for sanitized text, used by the tests (unit, property and protocol tests).
 * It is written from Unicode properties, not from the sanitizer's tables, so a character the sanitizer
 * forgot is caught here.
 *
 * Unsafe: any control (Cc) except tab and newline (so also ESC and every CSI/OSC introducer), any format
 * character (Cf), any default-ignorable code point, line/paragraph separators, noncharacters and lone
 * surrogates, except:
 * - the visible Cf "prepended concatenation marks" (U+0600–0605, U+06DD, U+070F, U+0890–0891, U+08E2,
 *   U+110BD, U+110CD);
 * - ZWJ/ZWNJ between two letters, or (ZWJ) between emoji;
 * - VS15/VS16 after an emoji-capable character; other variation selectors after a CJK ideograph;
 * - CGJ between a letter/mark and a combining mark; Mongolian FVS after a Mongolian letter;
 * - the TAG characters of the three RGI subdivision flags.
 */
const SUSPECT =
  /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}]/gu;
const VISIBLE_CF = /^[\u0600-\u0605\u06DD\u070F\u0890\u0891\u08E2\u{110BD}\u{110CD}]$/u;
const RGI_FLAG =
  /\u{1F3F4}\u{E0067}\u{E0062}(?:\u{E0065}\u{E006E}\u{E0067}|\u{E0073}\u{E0063}\u{E0074}|\u{E0077}\u{E006C}\u{E0073})\u{E007F}/gu;
const DI = /^\p{Default_Ignorable_Code_Point}$/u;
const JOIN_PREV = /^[\p{L}\p{M}\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F]$/u;
const JOIN_NEXT = /^[\p{L}\p{Extended_Pictographic}]$/u;
const EMOJI = /^\p{Emoji}$/u;
const IDEOGRAPH = /^\p{Ideographic}$/u;
const LETTER_OR_MARK = /^[\p{L}\p{M}]$/u;
const MARK = /^\p{M}$/u;
const MONGOLIAN_LETTER = /^\p{Script=Mongolian}$/u;

function at(text: string, i: number): string {
  const cp = text.codePointAt(i);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}
function before(text: string, i: number): string {
  if (i <= 0) return '';
  const lo = text.charCodeAt(i - 1);
  if (lo >= 0xdc00 && lo <= 0xdfff && i >= 2) {
    const hi = text.charCodeAt(i - 2);
    if (hi >= 0xd800 && hi <= 0xdbff) return text.slice(i - 2, i);
  }
  return text.slice(i - 1, i);
}
const ok = (re: RegExp, ch: string): boolean => ch !== '' && re.test(ch) && !(DI.test(ch) && ch !== '\uFE0F');

/**
 * Returns a description of the first unsafe code point in `text` (`U+202E at 5`), or undefined when the
 * text is clean.
 */
export function findUnsafe(text: string): string | undefined {
  const flagSpans: Array<[number, number]> = [];
  RGI_FLAG.lastIndex = 0;
  for (let m = RGI_FLAG.exec(text); m !== null; m = RGI_FLAG.exec(text))
    flagSpans.push([m.index, m.index + m[0].length]);
  SUSPECT.lastIndex = 0;
  for (let m = SUSPECT.exec(text); m !== null; m = SUSPECT.exec(text)) {
    const ch = m[0];
    const i = m.index;
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '\t' || ch === '\n' || VISIBLE_CF.test(ch)) continue;
    const prev = before(text, i);
    const next = at(text, i + ch.length);
    let allowed = false;
    if (cp === 0x200c || cp === 0x200d) allowed = ok(JOIN_PREV, prev) && ok(JOIN_NEXT, next);
    else if (cp === 0xfe0e || cp === 0xfe0f) allowed = ok(EMOJI, prev);
    else if ((cp >= 0xfe00 && cp <= 0xfe0d) || (cp >= 0xe0100 && cp <= 0xe01ef))
      allowed = ok(IDEOGRAPH, prev);
    else if (cp === 0x034f) allowed = ok(LETTER_OR_MARK, prev) && ok(MARK, next);
    else if (cp >= 0x180b && cp <= 0x180f && cp !== 0x180e) allowed = ok(MONGOLIAN_LETTER, prev);
    else if (cp >= 0xe0000 && cp <= 0xe007f) allowed = flagSpans.some(([a, b]) => i > a && i < b);
    if (!allowed) return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} at ${i}`;
  }
  return undefined;
}
