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

const PLAIN = new RegExp(String.raw`(?<![\p{L}\p{N}._%+-])${LOCAL}@(?:${LABEL}\.)+${TLD}(?![\p{L}\p{N}-])`, 'gu');

// "(at)", "[at]", "{at}", "<at>", " at " (spaces required around a bare word), "@" with spaces.
const AT = String.raw`(?:\s*[([{<]\s*(?:at|AT|At)\s*[)\]}>]\s*|\s+(?:at|AT)\s+|\s*@\s+|\s+@\s*)`;
const DOT = String.raw`(?:\s*[([{<]\s*(?:dot|DOT|Dot|punkt|PUNKT)\s*[)\]}>]\s*|\s+(?:dot|DOT)\s+|\.)`;
const OBFUSCATED = new RegExp(
  String.raw`(?<![\p{L}\p{N}._%+-])(${LOCAL})${AT}((?:${LABEL}${DOT})+)(${TLD})(?![\p{L}\p{N}-])`,
  'gu',
);
const COMMON_TLDS = new Set(
  'com net org edu gov info biz io co de at ch uk nl fr es it eu us ca au be se dk no fi pl ie example test'.split(' '),
);
const DOT_SPLIT = new RegExp(DOT, 'gu');

/** Every e-mail address in `text`, plain or obfuscated, without overlaps, in order. */
export function findEmails(text: string): Found[] {
  if (!/@|\bat\b|\(at\)|\[at\]|\bAT\b/i.test(text)) return [];
  const out: Found[] = [];
  for (const m of text.matchAll(PLAIN)) out.push({ start: m.index, end: m.index + m[0].length, value: m[0].toLowerCase() });
  for (const m of text.matchAll(OBFUSCATED)) {
    const start = m.index;
    const end = start + m[0].length;
    if (out.some((f) => f.start < end && start < f.end)) continue;
    const local = m[1] ?? '';
    const labels = (m[2] ?? '').split(DOT_SPLIT).filter((l) => l.length > 0);
    // "look at index.html" is not an address: a bare " at " needs a common top-level domain;
    const between = m[0].slice(local.length, m[0].length - (m[2] ?? '').length - (m[3] ?? '').length);
    if (labels.length === 0) continue;
    // A bare lower-case " at " before a plain dotted name is prose ("the article at docs.zammad.org").
    if (/^\s+at\s+$/.test(between) && !/[([{<\s](?:dot|DOT|Dot)/.test(m[2] ?? '')) continue;
    if (/^\s+(?:at|AT)\s+$/.test(between) && !COMMON_TLDS.has((m[3] ?? '').toLowerCase())) continue;
    out.push({ start, end, value: `${local}@${labels.join('.')}.${m[3] ?? ''}`.toLowerCase() });
  }
  return out.sort((a, b) => a.start - b.start);
}
