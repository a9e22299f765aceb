/**
 * Pass 2 of the code-point cleaning: the characters whose legitimacy depends on their neighbours
 * (ZWJ, ZWNJ, variation selectors, CGJ, Mongolian FVS). See codepoints.ts for the rules.
 */

const RE_EMOJI = /^\p{Emoji}$/u;
const RE_EXT_PICT = /^\p{Extended_Pictographic}$/u;
const RE_IDEOGRAPH = /^\p{Ideographic}$/u;
const RE_LETTER = /^\p{L}$/u;
const RE_LETTER_OR_MARK = /^[\p{L}\p{M}]$/u;
const RE_MARK = /^\p{M}$/u;
const RE_MONGOLIAN = /^\p{scx=Mongolian}$/u;
/** Scripts in which ZWNJ/ZWJ between letters change shaping and are part of correct spelling. */
const RE_JOINING_SCRIPT =
  /^[\p{scx=Arabic}\p{scx=Syriac}\p{scx=Thaana}\p{scx=Nko}\p{scx=Mandaic}\p{scx=Mongolian}\p{scx=Phags_Pa}\p{scx=Manichaean}\p{scx=Psalter_Pahlavi}\p{scx=Adlam}\p{scx=Hanifi_Rohingya}\p{scx=Sogdian}\p{scx=Devanagari}\p{scx=Bengali}\p{scx=Gurmukhi}\p{scx=Gujarati}\p{scx=Oriya}\p{scx=Tamil}\p{scx=Telugu}\p{scx=Kannada}\p{scx=Malayalam}\p{scx=Sinhala}\p{scx=Tibetan}\p{scx=Myanmar}\p{scx=Khmer}\p{scx=Balinese}\p{scx=Javanese}]$/u;

function is(re: RegExp, cp: number): boolean {
  return cp >= 0 && re.test(String.fromCodePoint(cp));
}

/** Whether `cp` is one of the context-dependent characters. */
export function isConditional(cp: number): boolean {
  return (
    cp === 0x200c ||
    cp === 0x200d ||
    cp === 0x034f ||
    (cp >= 0x180b && cp <= 0x180f && cp !== 0x180e) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  );
}

function isJoiningLetterOrMark(cp: number): boolean {
  return is(RE_LETTER_OR_MARK, cp) && !isConditional(cp) && is(RE_JOINING_SCRIPT, cp);
}
function isJoiningLetter(cp: number): boolean {
  return is(RE_LETTER, cp) && is(RE_JOINING_SCRIPT, cp);
}

/**
 * Whether the context-dependent character `cp` stays, given the previous character kept (`prev`, -1 at
 * the start) and the next character (`next`, -1 at the end). Exported for the independent checker.
 */
export function keepConditional(cp: number, prev: number, next: number): boolean {
  if (cp === 0x200d) {
    const emojiPrev = is(RE_EXT_PICT, prev) || (prev >= 0x1f3fb && prev <= 0x1f3ff) || prev === 0xfe0f;
    if (emojiPrev && is(RE_EXT_PICT, next)) return true;
    return isJoiningLetterOrMark(prev) && isJoiningLetter(next);
  }
  if (cp === 0x200c) return isJoiningLetterOrMark(prev) && isJoiningLetter(next);
  if (cp === 0xfe0e || cp === 0xfe0f) return is(RE_EMOJI, prev);
  if ((cp >= 0xfe00 && cp <= 0xfe0d) || (cp >= 0xe0100 && cp <= 0xe01ef)) return is(RE_IDEOGRAPH, prev);
  if (cp === 0x034f) {
    return is(RE_LETTER_OR_MARK, prev) && !isConditional(prev) && is(RE_MARK, next) && !isConditional(next);
  }
  // Mongolian free variation selectors.
  return is(RE_LETTER, prev) && is(RE_MONGOLIAN, prev);
}

// eslint-disable-next-line no-misleading-character-class -- single code points, matched one at a time
const CONDITIONAL = /[\u034F\u180B-\u180D\u180F\u200C\u200D\uFE00-\uFE0F]|\uDB40[\uDD00-\uDDEF]/g;

function cpBefore(s: string, i: number): number {
  if (i <= 0) return -1;
  const lo = s.charCodeAt(i - 1);
  if (lo >= 0xdc00 && lo <= 0xdfff && i >= 2) {
    const hi = s.charCodeAt(i - 2);
    if (hi >= 0xd800 && hi <= 0xdbff) return ((hi - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
  }
  return lo;
}

export function pass2(s: string): string {
  let out = '';
  let last = 0;
  let strippedEnd = -1; // index right after the last removed character
  let prevAtStrip = -1; // the previous kept character at that point
  CONDITIONAL.lastIndex = 0;
  for (let m = CONDITIONAL.exec(s); m !== null; m = CONDITIONAL.exec(s)) {
    const i = m.index;
    const len = m[0].length;
    const cp = s.codePointAt(i)!;
    const prev = i === strippedEnd ? prevAtStrip : cpBefore(s, i);
    const next = i + len < s.length ? s.codePointAt(i + len)! : -1;
    if (keepConditional(cp, prev, next)) continue;
    out += s.slice(last, i);
    last = i + len;
    strippedEnd = last;
    prevAtStrip = prev;
  }
  return last === 0 ? s : out + s.slice(last);
}
