/**
 * Allowlist HTML cleaner for what this server sends to customers (reply_to_customer, drafts).
 * A real parser (htmlparser2) reads the HTML; only the allowed elements are written back, with
 * only the allowed attributes, and every text and attribute value is escaped again on output.
 *
 * - kept: p, br, b, strong, i, em, u, ul, ol, li, blockquote, pre, code, h1–h6, table, thead, tbody,
 *   tfoot, tr, td, th, and a with an http:, https: or mailto: href (nothing else: no target, no rel;
 *   a link without such an href is written as its text);
 *   td/th keep numeric colspan/rowspan;
 * - dropped with their content: script, style and the other elements whose content is code or
 *   invisible (template, iframe, object, svg, …);
 * - any other element (div, span, font, img, …) is dropped but its text kept; block elements leave a
 *   line break so that their lines do not run together;
 * - every other attribute goes: event handlers (on…), style, class, id, src, …; comments,
 *   processing instructions and doctypes go too.
 */
import { Parser } from 'htmlparser2';

const KEEP = new Set(
  'p br b strong i em u ul ol li blockquote pre code h1 h2 h3 h4 h5 h6 table thead tbody tfoot tr td th a'.split(
    ' ',
  ),
);
const VOID = new Set('br area base col embed hr img input link meta param source track wbr'.split(' '));
/** Elements dropped together with everything inside them. */
const DROP_CONTENT = new Set(
  'script style template noscript iframe frame frameset object embed applet svg math canvas audio video select textarea head title xml noembed noframes'.split(
    ' ',
  ),
);
/** Elements that are not kept but whose end starts a new line. */
const BLOCK = new Set(
  'div section article header footer main aside nav address figure figcaption center dl dt dd details summary form fieldset hr'.split(
    ' ',
  ),
);
const SAFE_HREF = /^(?:https?:\/\/|mailto:)/i;

export interface CleanResult {
  html: string;
  /** What was taken out, e.g. `<script>`, `onclick`, `href="javascript:…"` (each once). */
  removed: string[];
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The href when it is an absolute http(s) or mailto URL without control characters or whitespace in it. */
function safeHref(raw: string): string | undefined {
  const v = raw.trim();
  // eslint-disable-next-line no-control-regex
  if (!SAFE_HREF.test(v) || /[\x00-\x20\x7f-\x9f]/.test(v)) return undefined;
  return v;
}

export function cleanHtml(input: string): CleanResult {
  const out: string[] = [];
  const open: string[] = [];
  const removed = new Set<string>();
  let dropDepth = 0;

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (dropDepth > 0 || DROP_CONTENT.has(name)) {
          if (!VOID.has(name)) dropDepth++;
          if (DROP_CONTENT.has(name)) removed.add(`<${name}>`);
          return;
        }
        for (const attr of Object.keys(attribs)) {
          if (attr.startsWith('on') || attr === 'style') removed.add(attr);
        }
        if (!KEEP.has(name)) {
          if (name === 'img' || name === 'form' || name === 'input' || name === 'button')
            removed.add(`<${name}>`);
          return;
        }
        let attrs = '';
        if (name === 'a') {
          const raw = attribs['href'];
          const href = raw === undefined ? undefined : safeHref(raw);
          // A link without a safe target is written as its text only.
          if (href === undefined) {
            if (raw !== undefined) removed.add(`href="${raw.trim().split(':')[0] ?? ''}:…"`);
            return;
          }
          attrs = ` href="${escapeAttr(href)}"`;
        } else if (name === 'td' || name === 'th') {
          for (const k of ['colspan', 'rowspan']) {
            const v = attribs[k];
            if (v !== undefined && /^\d{1,3}$/.test(v.trim())) attrs += ` ${k}="${v.trim()}"`;
          }
        }
        out.push(`<${name}${attrs}>`);
        if (!VOID.has(name)) open.push(name);
      },
      ontext(text) {
        if (dropDepth === 0) out.push(escapeText(text));
      },
      onclosetag(name) {
        if (dropDepth > 0) {
          if (!VOID.has(name)) dropDepth--;
          return;
        }
        if (!KEEP.has(name)) {
          if (BLOCK.has(name)) out.push('<br>');
          return;
        }
        if (VOID.has(name)) return;
        const at = open.lastIndexOf(name);
        if (at === -1) return;
        while (open.length > at) out.push(`</${open.pop() as string}>`);
      },
      oncomment() {
        removed.add('comments');
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(input);
  while (open.length > 0) out.push(`</${open.pop() as string}>`);
  return { html: out.join('').replace(/(?:<br>)+$/, ''), removed: [...removed] };
}
