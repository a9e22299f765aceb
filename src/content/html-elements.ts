/** Element kinds for htmlToText, hidden-element detection, and the guard on htmlparser2's stack depth. */
import type { Parser } from 'htmlparser2';

// What an element is, for the converter.
export const K_INLINE = 0;
export const K_DROP = 1;
export const K_PARAGRAPH = 2;
export const K_BLOCK = 3;
export const K_BR = 4;
export const K_A = 5;
export const K_IMG = 6;
export const K_HR = 7;
export const K_BLOCKQUOTE = 8;
export const K_LI = 9;
export const K_LIST = 10;
export const K_PRE = 11;
export const K_TABLE = 12;
export const K_TR = 13;
export const K_CELL = 14;

export const KIND = new Map<string, number>();
const kinds = (kind: number, names: string): void => {
  for (const name of names.split(' ')) KIND.set(name, kind);
};
kinds(
  K_DROP,
  'script style head title template noscript iframe frame frameset object embed applet svg canvas audio video select datalist xml',
);
kinds(K_PARAGRAPH, 'p h1 h2 h3 h4 h5 h6 dl');
kinds(
  K_BLOCK,
  'div section article header footer nav aside main address figure figcaption form fieldset legend details summary dt dd center caption dialog hgroup search body',
);
kinds(K_BR, 'br');
kinds(K_A, 'a');
kinds(K_IMG, 'img');
kinds(K_HR, 'hr');
kinds(K_BLOCKQUOTE, 'blockquote');
kinds(K_LI, 'li');
kinds(K_LIST, 'ul ol');
kinds(K_PRE, 'pre');
kinds(K_TABLE, 'table');
kinds(K_TR, 'tr');
kinds(K_CELL, 'td th');

/**
 * Styles that make text invisible to a human reader while a model still reads it: display:none,
 * visibility:hidden, mso-hide:all, opacity:0, a font size of at most 1px/1pt, a zero (max-)height with
 * overflow hidden (the "preheader" trick), or a text indent / offset of -100 or more.
 */
const HIDDEN_STYLE = new RegExp(
  String.raw`(?:^|[;\s"'])(?:display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all` +
    String.raw`|opacity\s*:\s*(?:0+(?:\.0*)?|\.0+)(?![.\d])` +
    String.raw`|font-size\s*:\s*(?:0*\.\d+|0+(?:\.\d*)?|0*1(?:\.0*)?)(?:px|pt)?(?![.\d\w%])` +
    String.raw`|(?:text-indent|left|top|margin-left|margin-top)\s*:\s*-\d{3,})`,
  'i',
);
const ZERO_HEIGHT = /(?:^|[;\s])(?:max-)?height\s*:\s*0(?:px)?(?![.\d\w%])/i;
const OVERFLOW_HIDDEN = /overflow\s*:\s*hidden/i;

export function isHidden(attribs: Record<string, string>): boolean {
  if (attribs['hidden'] !== undefined) return true;
  const style = attribs['style'];
  if (style === undefined) return false;
  return HIDDEN_STYLE.test(style) || (ZERO_HEIGHT.test(style) && OVERFLOW_HIDDEN.test(style));
}

/**
 * htmlparser2 keeps its open-element stack as an array it `unshift`s and `shift`s, which costs
 * O(depth) per tag: 100,000 unclosed <span>s would take seconds (a denial of service in one email).
 * When the stack gets deeper than DEPTH_TRIM_AT, the parser forgets the outermost elements, keeping
 * DEPTH_KEEP (their end tags are then ignored as stray; our own closers for them run at the end).
 * Rendering is unchanged except for such absurd nesting; no content is lost. This reaches into the
 * parser's internals (htmlparser2 is pinned to 12.0.0); if they change shape, nothing is trimmed and
 * the depth test in html.test.ts fails.
 */
export const DEPTH_TRIM_AT = 256;
const DEPTH_KEEP = 128;
/** Elements for which htmlparser2 also pushes an entry on its foreign-context stack. */
const FOREIGN = new Set([
  'math',
  'svg',
  'mi',
  'mo',
  'mn',
  'ms',
  'mtext',
  'annotation-xml',
  'foreignObject',
  'desc',
  'title',
]);

export function trimParserStack(parser: Parser): void {
  const internals = parser as unknown as { stack?: unknown; foreignContext?: unknown };
  const stack = internals.stack;
  const foreign = internals.foreignContext;
  if (!Array.isArray(stack) || !Array.isArray(foreign) || stack.length <= DEPTH_TRIM_AT) return;
  const removed = stack.splice(DEPTH_KEEP) as unknown[];
  let count = 0;
  for (const name of removed) if (typeof name === 'string' && FOREIGN.has(name)) count++;
  count = Math.min(count, foreign.length - 1); // the base entry (last) stays
  if (count > 0) foreign.splice(foreign.length - 1 - count, count);
}
