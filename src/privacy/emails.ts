/**
 * E-mail addresses in free text: the plain form, `mailto:`, and the obfuscated forms people write to
 * dodge harvesters — `jane (at) example (dot) com`, `jane[at]example[dot]com`, `jane at example dot com`,
 * `jane AT example.com`. Each match carries the address it stands for, lower case.
 */
export interface Found {
  start: number;
  end: number;
  /** The normalized value: the address, or the phone number in E.164. */
  value: string;
}

const LOCAL = String.raw`[\p{L}\p{N}!#$%&'*+/=?^_{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_{|}~-]+)*`;
const LABEL = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?`;
const TLD = String.raw`\p{L}{2,24}`;

const PLAIN = new RegExp(String.raw`${LOCAL}@(?:${LABEL}\.)+${TLD}(?![\p{L}\p{N}-])`, 'uy');

// "(at)", "[at]", "{at}", "<at>", " at " (spaces required around a bare word), "@" with spaces.
const AT = String.raw`(?:\s*[([{<]\s*(?:at|AT|At)\s*[)\]}>]\s*|\s+(?:at|AT)\s+|\s*@\s+|\s+@\s*)`;
const DOT = String.raw`(?:\s*[([{<]\s*(?:dot|DOT|Dot|punkt|PUNKT)\s*[)\]}>]\s*|\s+(?:dot|DOT)\s+|\.)`;
const OBFUSCATED = new RegExp(
  String.raw`(${LOCAL})${AT}((?:${LABEL}${DOT})+)(${TLD})(?![\p{L}\p{N}-])`,
  'uy',
);
/** Where an "at" of any form is: each address is read from the local part just before one. */
const AT_MARK = /[([{<]\s*(?:at|AT|At)\s*[)\]}>]|\s(?:at|AT)\s|@/g;
const COMMON_TLDS = new Set(
  'com net org edu gov info biz io co de at ch uk nl fr es it eu us ca au be se dk no fi pl ie example test'.split(
    ' ',
  ),
);
const DOT_SPLIT = new RegExp(DOT, 'gu');
const LOCAL_CHAR = /[\p{L}\p{N}!#$%&'*+/=?^_{|}~.-]/u;

/** Where the local part that ends at `end` (exclusive; spaces before an "at" skipped) starts. */
function localStart(text: string, end: number): number {
  let e = end;
  while (e > 0 && /\s/.test(text[e - 1] as string)) e--;
  let s = e;
  while (s > 0 && e - s < 64 && LOCAL_CHAR.test(text[s - 1] as string)) s--;
  return s === e ? -1 : s;
}

/** Every e-mail address in `text`, plain or obfuscated, without overlaps, in order. */
export function findEmails(text: string): Found[] {
  const out: Found[] = [];
  for (const mark of text.matchAll(AT_MARK)) {
    const s = localStart(text, mark.index);
    if (s < 0 || out.some((f) => s < f.end)) continue;
    if (mark[0] === '@') {
      PLAIN.lastIndex = s;
      const m = PLAIN.exec(text);
      if (m) {
        out.push({ start: s, end: s + m[0].length, value: m[0].toLowerCase() });
        continue;
      }
    }
    OBFUSCATED.lastIndex = s;
    const m = OBFUSCATED.exec(text);
    if (!m) continue;
    const local = m[1] ?? '';
    const labels = (m[2] ?? '').split(DOT_SPLIT).filter((l) => l.length > 0);
    // "look at index.html" is not an address: a bare " at " needs a common top-level domain;
    const between = m[0].slice(local.length, m[0].length - (m[2] ?? '').length - (m[3] ?? '').length);
    if (labels.length === 0) continue;
    // A bare lower-case " at " before a plain dotted name is prose ("the article at docs.zammad.org").
    if (/^\s+at\s+$/.test(between) && !/[([{<\s](?:dot|DOT|Dot)/.test(m[2] ?? '')) continue;
    if (/^\s+(?:at|AT)\s+$/.test(between) && !COMMON_TLDS.has((m[3] ?? '').toLowerCase())) continue;
    out.push({
      start: s,
      end: s + m[0].length,
      value: `${local}@${labels.join('.')}.${m[3] ?? ''}`.toLowerCase(),
    });
  }
  return out;
}
