/**
 * Code-point level cleaning of untrusted text: the part of sanitizing that has nothing to do with markup.
 *
 * Pass 1 (here; escape sequences are read by escapes.ts) is one scan over UTF-16 code units, with a
 * lookup table so plain text costs one load per unit. It:
 * - removes C0/C1 controls except tab and newline; CR LF, CR, VT, FF, NEL, U+2028 and U+2029 become "\n";
 * - removes terminal escape sequences whole: CSI (`ESC [ … final`), OSC (`ESC ] … BEL|ST`, OSC 8 hyperlinks
 *   become " (uri)" after their text), DCS/SOS/PM/APC strings, two- and three-byte escapes, and the 8-bit
 *   C1 forms of all of these;
 * - removes every default-ignorable and format (Cf) code point: BiDi controls, zero-width characters, word
 *   joiner and invisible operators, BOM, soft hyphen, Hangul fillers, Mongolian vowel separator, Khmer
 *   inherent vowels, interlinear annotation, shorthand and musical format controls, Egyptian hieroglyph
 *   format controls, TAG characters; the visible Cf "prepended concatenation marks" (U+0600–0605, …) stay;
 * - removes noncharacters; replaces lone surrogates with U+FFFD;
 * - keeps TAG characters only inside the three RGI subdivision flags (England, Scotland, Wales): a tag
 *   run after U+1F3F4 that spells anything else is an ASCII-smuggling channel and goes.
 *
 * Pass 2 (joiners.ts; only when the text holds one of them) decides the context-dependent characters, looking at the
 * previous character kept and the next character:
 * - ZWJ U+200D: kept between emoji (prev pictographic / skin tone / VS16, next pictographic) and between
 *   letters of joining scripts (Indic, Arabic, …); removed elsewhere;
 * - ZWNJ U+200C: kept between letters of joining scripts (Persian, Arabic, Indic, …); removed elsewhere;
 * - VS15/VS16 U+FE0E/FE0F: kept right after an emoji-capable character (this includes keycap bases
 *   0-9 # *); VS1–VS14 and VS17–VS256: kept right after a CJK ideograph (IVS); every other one, and every
 *   second selector of a run, is removed;
 * - CGJ U+034F: kept between a letter/mark and a combining mark; Mongolian FVS: kept after a Mongolian letter.
 *
 * Both passes are idempotent and the result never contains a forbidden code point (see check.ts).
 */
import { Scanner, readCsi, osc8Uri, PRINTABLE_URI, type Escape } from './escapes.js';
import { pass2 } from './joiners.js';
import { isDangerousUrl } from './url.js';

// Actions for BMP code units.
const KEEP = 0;
const STRIP = 1;
const NEWLINE = 2; // becomes "\n"
const CR = 3; // CR LF → LF, lone CR → LF
const ESC = 4;
const C1_CSI = 5;
const C1_STRING = 6; // DCS, SOS, OSC, PM, APC in their 8-bit form
const COND = 7; // decided in pass 2
const HIGH = 8;
const LOW = 9;

const TABLE = new Uint8Array(0x10000);
function mark(from: number, to: number, action: number): void {
  TABLE.fill(action, from, to + 1);
}
mark(0x00, 0x1f, STRIP);
TABLE[0x09] = KEEP;
TABLE[0x0a] = KEEP;
TABLE[0x0b] = NEWLINE;
TABLE[0x0c] = NEWLINE;
TABLE[0x0d] = CR;
TABLE[0x1b] = ESC;
mark(0x7f, 0x9f, STRIP);
TABLE[0x85] = NEWLINE;
TABLE[0x9b] = C1_CSI;
for (const c of [0x90, 0x98, 0x9d, 0x9e, 0x9f]) TABLE[c] = C1_STRING;
TABLE[0xad] = STRIP;
TABLE[0x034f] = COND;
TABLE[0x061c] = STRIP;
mark(0x115f, 0x1160, STRIP);
mark(0x17b4, 0x17b5, STRIP);
mark(0x180b, 0x180f, COND);
TABLE[0x180e] = STRIP;
mark(0x200b, 0x200f, STRIP);
mark(0x200c, 0x200d, COND);
mark(0x2028, 0x2029, NEWLINE);
mark(0x202a, 0x202e, STRIP);
mark(0x2060, 0x206f, STRIP);
TABLE[0x3164] = STRIP;
mark(0xd800, 0xdbff, HIGH);
mark(0xdc00, 0xdfff, LOW);
mark(0xfdd0, 0xfdef, STRIP);
mark(0xfe00, 0xfe0f, COND);
TABLE[0xfeff] = STRIP;
TABLE[0xffa0] = STRIP;
mark(0xfff0, 0xfffb, STRIP);
mark(0xfffe, 0xffff, STRIP);

/**
 * A superset of the code units pass 1 has to look at (every non-KEEP entry of TABLE, surrogates
 * included), so clean text is skipped by one native scan. Kept to 15 ranges on purpose: V8 matches a
 * class of up to 16 ranges several times faster than a larger one, so neighbours are merged (rare
 * scripts between U+115F and U+180F, U+FDD0–FE0F, U+FFA0–FFFF simply take the slow path). The
 * exhaustive test checks every code point, so a gap here would show.
 */
const NEEDS_LOOK =
  // eslint-disable-next-line no-control-regex, no-misleading-character-class -- controls and marks are the point
  /[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u034f\u061c\u115f-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ud800-\udfff\ufdd0-\ufe0f\ufeff\uffa0-\uffff]/;

/** What pass 1 does with an astral code point. */
function astralAction(cp: number): number {
  if (cp >= 0xe0000 && cp <= 0xe0fff) return cp >= 0xe0100 && cp <= 0xe01ef ? COND : STRIP;
  if ((cp & 0xfffe) === 0xfffe) return STRIP; // noncharacters U+xFFFE, U+xFFFF
  if (cp >= 0x13430 && cp <= 0x1343f) return STRIP; // Egyptian hieroglyph format controls
  if (cp >= 0x1bca0 && cp <= 0x1bca3) return STRIP; // shorthand format controls
  if (cp >= 0x1d173 && cp <= 0x1d17a) return STRIP; // musical symbol format controls
  return KEEP;
}

const BLACK_FLAG_HI = 0xd83c;
const BLACK_FLAG_LO = 0xdff4; // U+1F3F4
/** The tag runs of the RGI subdivision flags: gbeng, gbsct, gbwls, each closed by CANCEL TAG. */
const RGI_FLAG_TAGS = ['gbeng', 'gbsct', 'gbwls'].map(
  (code) => [...code].map((ch) => String.fromCodePoint(0xe0000 + ch.charCodeAt(0))).join('') + '\u{E007F}',
);

function flagTagsAt(s: string, i: number): number {
  if (i < 2 || s.charCodeAt(i - 2) !== BLACK_FLAG_HI || s.charCodeAt(i - 1) !== BLACK_FLAG_LO) return 0;
  for (const tags of RGI_FLAG_TAGS) if (s.startsWith(tags, i)) return tags.length;
  return 0;
}

/** Pass 1. Returns the cleaned text and whether pass 2 has anything to decide. */
function pass1(s: string, from: number): { text: string; conditional: boolean } {
  const n = s.length;
  let out = '';
  let last = 0;
  let conditional = false;
  let scanner: Scanner | undefined;
  let linkUri: string | undefined;
  let i = from;
  while (i < n) {
    const c = s.charCodeAt(i);
    const action = TABLE[c]!;
    if (action === KEEP) {
      i++;
      continue;
    }
    if (action === COND) {
      conditional = true;
      i++;
      continue;
    }
    if (action === HIGH) {
      const lo = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        const cp = ((c - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
        const a = astralAction(cp);
        if (a === KEEP) {
          i += 2;
          continue;
        }
        if (a === COND) {
          conditional = true;
          i += 2;
          continue;
        }
        // STRIP, except the tag run of an RGI subdivision flag.
        if (cp <= 0xe007f) {
          const len = flagTagsAt(s, i);
          if (len > 0) {
            i += len;
            continue;
          }
        }
        out += s.slice(last, i);
        i += 2;
        last = i;
        continue;
      }
    }
    // Everything below replaces s[i…end) with `rep`.
    let end = i + 1;
    let rep = '';
    switch (action) {
      case HIGH:
      case LOW:
        rep = '\uFFFD'; // lone surrogate
        break;
      case NEWLINE:
        rep = '\n';
        break;
      case CR:
        if (s.charCodeAt(i + 1) !== 0x0a) rep = '\n';
        break;
      case ESC:
      case C1_CSI:
      case C1_STRING: {
        scanner ??= new Scanner(s);
        let esc: Escape;
        if (action === ESC) esc = scanner.readEsc(i);
        else if (action === C1_CSI) esc = { end: readCsi(s, i + 1) };
        else esc = scanner.readString(i + 1, c === 0x9d);
        end = Math.max(esc.end, i + 1);
        if (esc.osc !== undefined) {
          const uri = osc8Uri(esc.osc);
          if (uri !== undefined && uri !== '') linkUri = uri;
          else if (uri === '' && linkUri !== undefined) {
            if (PRINTABLE_URI.test(linkUri) && !isDangerousUrl(linkUri)) rep = ` (${linkUri})`;
            linkUri = undefined;
          }
        }
        break;
      }
      default: // STRIP
        break;
    }
    out += s.slice(last, i) + rep;
    i = end;
    last = end;
  }
  if (last === 0) return { text: s, conditional };
  return { text: out + s.slice(last), conditional };
}

/**
 * Removes every invisible, control, escape-sequence and otherwise forbidden code point (see the module
 * comment). Does not touch markup. Idempotent.
 */
export function stripCodePoints(input: string): string {
  const first = input.search(NEEDS_LOOK);
  if (first < 0) return input;
  const { text, conditional } = pass1(input, first);
  return conditional ? pass2(text) : text;
}
