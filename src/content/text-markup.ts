/**
 * HTML from a model's text, built so that nothing in the text can become markup: the text is
 * cleaned of control and format characters and escaped first; only then does a tiny, attribute-free
 * markup set apply — paragraphs and line breaks, "- " / "1. " lists, "#"-headings, **bold**,
 * *italic* and `code`. No links, no images, no attributes: a tag or URL in the text stays text.
 */
import { stripCodePoints } from './codepoints.js';

/** The tags the result can contain, none with attributes. */
export const MARKUP_TAGS = ['p', 'br', 'ul', 'ol', 'li', 'h3', 'strong', 'em', 'code'] as const;

function escape(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Inline markup on already escaped text: code spans first (their content is not marked up). */
function inline(escaped: string): string {
  return escaped
    .split(/(`[^`\n]+`)/)
    .map((part, i) =>
      i % 2 === 1
        ? `<code>${part.slice(1, -1)}</code>`
        : part
            .replace(/\*\*(?=\S)([^*\n]*?\S)\*\*/g, '<strong>$1</strong>')
            .replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?!\w)/g, '$1<em>$2</em>')
            .replace(/(^|[^\w_])_(?=\S)([^_\n]*?\S)_(?!\w)/g, '$1<em>$2</em>'),
    )
    .join('');
}

const BULLET = /^\s*[-*•]\s+/;
const NUMBERED = /^\s*\d{1,3}[.)]\s+/;
const HEADING = /^\s*#{1,6}\s+/;

/** A block of non-blank lines: leading heading lines, then a list (every line an item) or a paragraph. */
function block(lines: string[]): string {
  let i = 0;
  let out = '';
  for (; i < lines.length && HEADING.test(lines[i] ?? ''); i++)
    out += `<h3>${inline(escape((lines[i] ?? '').replace(HEADING, '').trim()))}</h3>`;
  const rest = lines.slice(i);
  if (rest.length === 0) return out;
  if (rest.every((l) => BULLET.test(l)))
    return `${out}<ul>${rest.map((l) => `<li>${inline(escape(l.replace(BULLET, '')))}</li>`).join('')}</ul>`;
  if (rest.every((l) => NUMBERED.test(l)))
    return `${out}<ol>${rest.map((l) => `<li>${inline(escape(l.replace(NUMBERED, '')))}</li>`).join('')}</ol>`;
  return `${out}<p>${rest.map((l) => inline(escape(l.trim()))).join('<br>')}</p>`;
}

/** The HTML of `text` (empty when the text holds nothing visible). */
export function textToSafeHtml(text: string): string {
  const lines = stripCodePoints(text).replace(/\t/g, ' ').split('\n');
  const blocks: string[][] = [];
  let cur: string[] = [];
  for (const l of lines) {
    if (l.trim() === '') {
      if (cur.length) blocks.push(cur);
      cur = [];
    } else cur.push(l);
  }
  if (cur.length) blocks.push(cur);
  return blocks.map(block).join('');
}
