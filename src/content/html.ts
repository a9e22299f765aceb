/**
 * HTML → readable plain text, with a real parser (htmlparser2, streaming: no DOM, no recursion, so
 * nesting depth costs nothing but a stack entry).
 *
 * - paragraphs, headings, lists, block quotes, tables and <pre> are separated by a blank line; <div> and
 *   the like by a line break; <br> is a line break; at most one blank line in a row;
 * - lists as "- item" / "1. item" (nested lists indented under their item), <blockquote> lines as "> …";
 * - links as "text (url)", just "url" when the text is the URL or empty, mailto: shown as the address,
 *   javascript:/data:/vbscript: URLs dropped (text kept), same-page "#…" links shown as their text;
 * - images reduced to their alt text (or nothing); tables as rows "a | b" (empty edge cells left out);
 * - <pre> kept verbatim; elsewhere whitespace collapses like a browser; NBSP is treated as an ordinary
 *   (collapsible) space: `&nbsp;` in mail is layout, and the text reads better without it;
 * - dropped with their content: script, style, head, title, template, noscript, iframe, object, embed,
 *   svg, canvas, audio, video, select, and any element a reader cannot see (`hidden`, `display:none`,
 *   `visibility:hidden`, `mso-hide:all`, `opacity:0`, font size ≤ 1px, zero height with overflow hidden,
 *   far negative offsets; see html-elements.ts) – hidden text is the classic place for instructions
 *   aimed at the model; comments and processing instructions are dropped;
 * - entities are decoded by the parser, then the whole result goes through sanitizeText, so `&#8203;`,
 *   `&#x202E;` or markdown typed into the HTML cannot slip through.
 *
 * Quoted-address "tags" like `<john@example.com>` (which a browser would swallow) are kept as text.
 * Nesting deeper than PREFIX_CAP quote/list levels is rendered at that depth, tables nested deeper than
 * TABLE_CAP are rendered as plain lines: content is never dropped or passed through, only the layout is
 * flattened, which keeps the output linear in the input.
 */
import { Parser } from 'htmlparser2';
import { Converter } from './html-converter.js';
import { sanitizeText } from './sanitize.js';

export function htmlToText(html: string): string {
  const converter = new Converter();
  const parser = new Parser(converter, { decodeEntities: true });
  converter.parser = parser;
  parser.end(html);
  let text = converter.finish(); // no line ends in a blank: the writer never writes one there
  if (text.includes('\n\n\n')) text = text.replace(/\n{3,}/g, '\n\n');
  return trimBlankEnds(sanitizeText(trimBlankEnds(text)));
}

/** Without leading line breaks and trailing blanks (sanitizing can leave a blank at the very end). */
function trimBlankEnds(text: string): string {
  let a = 0;
  let b = text.length;
  while (a < b && text.charCodeAt(a) === 0x0a) a++;
  while (b > a) {
    const c = text.charCodeAt(b - 1);
    if (c !== 0x0a && c !== 0x20 && c !== 0x09) break;
    b--;
  }
  return a > 0 || b < text.length ? text.slice(a, b) : text;
}
