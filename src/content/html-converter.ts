/** The htmlparser2 handler behind htmlToText: element events → Writer calls. See html.ts. */
import type { Parser } from 'htmlparser2';
import { Writer } from './html-writer.js';
import { displayUrl, isDangerousUrl, textShowsUrl } from './url.js';
import {
  DEPTH_TRIM_AT,
  K_A,
  K_BLOCK,
  K_BLOCKQUOTE,
  K_BR,
  K_CELL,
  K_DROP,
  K_HR,
  K_IMG,
  K_INLINE,
  K_LI,
  K_LIST,
  K_PARAGRAPH,
  K_PRE,
  K_TABLE,
  K_TR,
  KIND,
  isHidden,
  trimParserStack,
} from './html-elements.js';

/** Tables nested deeper than this are rendered as plain lines (keeps output linear in the input). */
const TABLE_CAP = 8;

// Entries on the element stack: what to do when the element closes.
const NOTHING = 0;
const SKIPPED = 1; // inside dropped content
const BLOCK1 = 2; // a line break after it
const BLOCK2 = 3; // a blank line after it
const PRE = 4;
const SPACE = 5; // a cell of a table nested too deep

class PrefixEnd {
  constructor(
    readonly writer: Writer,
    readonly gap: number,
  ) {}
}
class LinkEnd {
  constructor(
    readonly writer: Writer,
    readonly mark: number,
    readonly url: string | undefined,
  ) {}
}
class TableEnd {
  row: string[] | undefined = undefined;
  constructor(readonly capped: boolean) {}
}
class RowEnd {
  constructor(readonly table: TableEnd) {}
}
class CellEnd {
  constructor(
    readonly row: string[],
    readonly cell: Writer,
  ) {}
}
class ListEnd {
  constructor(
    readonly ordered: boolean,
    public next: number,
    readonly gap: number,
  ) {}
}
type Entry = number | PrefixEnd | LinkEnd | TableEnd | RowEnd | CellEnd | ListEnd;

function linkTarget(href: string | undefined): string | undefined {
  if (href === undefined) return undefined;
  const url = href.trim().replace(/[\t\n\r]/g, '');
  if (url === '' || url.startsWith('#')) return undefined;
  return url;
}

/** The htmlparser2 handler: one instance per document. */
export class Converter {
  readonly root = new Writer();
  private w = this.root;
  private readonly writers: Writer[] = [this.root];
  /** One entry per element the parser has open. */
  readonly stack: Entry[] = [];
  private readonly tables: TableEnd[] = [];
  private readonly lists: ListEnd[] = [];
  private skipped = 0;
  private preDepth = 0;
  private preFresh = false;
  parser: Parser | undefined;

  onopentag(name: string, attribs: Record<string, string>): void {
    const kind = KIND.get(name) ?? K_INLINE;
    let entry: Entry;
    if (this.skipped > 0 || kind === K_DROP || isHidden(attribs)) {
      entry = SKIPPED;
      this.skipped++;
    } else {
      entry = this.open(kind, name, attribs);
    }
    this.stack.push(entry);
    if (this.stack.length > DEPTH_TRIM_AT && this.parser) trimParserStack(this.parser);
  }

  onclosetag(): void {
    const entry = this.stack.pop();
    if (entry !== undefined) this.close(entry);
  }

  ontext(text: string): void {
    if (this.skipped > 0) return;
    if (this.preDepth > 0) {
      let t = text;
      if (this.preFresh) {
        this.preFresh = false;
        if (t.startsWith('\n')) t = t.slice(1);
      }
      this.w.verbatim(t);
    } else {
      this.w.text(text);
    }
  }

  /** Closes what the parser forgot (see trimParserStack) or never closed, innermost first. */
  finish(): string {
    for (let e = this.stack.pop(); e !== undefined; e = this.stack.pop()) this.close(e);
    return this.root.finish();
  }

  private open(kind: number, name: string, attribs: Record<string, string>): Entry {
    const w = this.w;
    switch (kind) {
      case K_INLINE:
        if (name.includes('@')) w.text(`<${name}>`); // `<john@example.com>` is an address, not an element
        return NOTHING;
      case K_PARAGRAPH:
        w.block(2);
        return BLOCK2;
      case K_BLOCK:
        w.block(1);
        return BLOCK1;
      case K_BR:
        w.br();
        return NOTHING;
      case K_A:
        return new LinkEnd(w, w.length, linkTarget(attribs['href']));
      case K_IMG: {
        const alt = attribs['alt'];
        if (alt !== undefined && alt.trim() !== '') {
          w.space();
          w.text(alt);
          w.space();
        }
        return NOTHING;
      }
      case K_HR:
        w.block(2);
        w.text('---');
        w.block(2);
        return NOTHING;
      case K_BLOCKQUOTE:
        w.block(2);
        w.prefixes.push({ first: '> ', rest: '> ', used: false });
        return new PrefixEnd(w, 2);
      case K_LI: {
        w.block(1);
        const list = this.lists[this.lists.length - 1];
        let marker = '- ';
        if (list?.ordered) {
          const value = parseInt(attribs['value'] ?? '', 10);
          if (Number.isFinite(value)) list.next = value;
          marker = `${list.next++}. `;
        }
        w.prefixes.push({
          first: marker,
          rest: marker.length === 2 ? '  ' : ' '.repeat(marker.length),
          used: false,
        });
        return new PrefixEnd(w, 1);
      }
      case K_LIST: {
        const gap = this.lists.length > 0 ? 1 : 2;
        w.block(gap);
        const start = name === 'ol' ? parseInt(attribs['start'] ?? '1', 10) : 1;
        const list = new ListEnd(name === 'ol', Number.isFinite(start) ? start : 1, gap);
        this.lists.push(list);
        return list;
      }
      case K_PRE:
        w.block(2);
        this.preDepth++;
        this.preFresh = true;
        return PRE;
      case K_TABLE: {
        const parent = this.tables[this.tables.length - 1];
        const table = new TableEnd(this.tables.length >= TABLE_CAP || (parent?.capped ?? false));
        this.tables.push(table);
        w.block(table.capped ? 1 : 2);
        return table;
      }
      case K_TR: {
        const t = this.tables[this.tables.length - 1];
        if (t === undefined || t.capped) {
          w.block(1);
          return BLOCK1;
        }
        this.flushRow(t);
        t.row = [];
        return new RowEnd(t);
      }
      case K_CELL: {
        const t = this.tables[this.tables.length - 1];
        if (t === undefined || t.capped) {
          w.space();
          return SPACE;
        }
        t.row ??= [];
        const cell = new Writer();
        this.writers.push(cell);
        this.w = cell;
        return new CellEnd(t.row, cell);
      }
      default:
        return NOTHING;
    }
  }

  private close(entry: Entry): void {
    if (typeof entry === 'number') {
      switch (entry) {
        case SKIPPED:
          this.skipped--;
          return;
        case BLOCK1:
          this.w.block(1);
          return;
        case BLOCK2:
          this.w.block(2);
          return;
        case PRE:
          this.preDepth--;
          this.w.block(2);
          return;
        case SPACE:
          this.w.space();
          return;
        default:
          return;
      }
    }
    if (entry instanceof LinkEnd) this.closeLink(entry);
    else if (entry instanceof PrefixEnd) {
      entry.writer.prefixes.pop();
      entry.writer.block(entry.gap);
    } else if (entry instanceof ListEnd) {
      this.lists.pop();
      this.w.block(entry.gap);
    } else if (entry instanceof CellEnd) {
      this.writers.pop();
      this.w = this.writers[this.writers.length - 1] ?? this.root;
      entry.row.push(entry.cell.finish().replace(/^\n+|\s+$/g, ''));
    } else if (entry instanceof RowEnd) {
      this.flushRow(entry.table);
    } else {
      this.flushRow(entry);
      this.tables.pop();
      this.w.block(entry.capped ? 1 : 2);
    }
  }

  private closeLink(link: LinkEnd): void {
    const url = link.url;
    if (url === undefined || isDangerousUrl(url)) return;
    const w = link.writer;
    if (w.length === link.mark) {
      w.space();
      w.text(displayUrl(url)); // no text: the URL is the text
      return;
    }
    const len = w.length - Math.max(link.mark, w.lineStart);
    if (len <= url.length + 16) {
      const text = w.tail(len);
      if (/[.@:/]/.test(text) && textShowsUrl(text, url)) return; // link text that is not a URL: skip comparing
    }
    w.append(` (${displayUrl(url)})`);
  }

  private flushRow(t: TableEnd): void {
    const cells = t.row;
    t.row = undefined;
    if (cells === undefined) return;
    // Empty cells at the edges are layout padding; inside a row they keep the columns aligned.
    let a = 0;
    let b = cells.length;
    while (a < b && cells[a] === '') a++;
    while (b > a && cells[b - 1] === '') b--;
    const line = cells.slice(a, b).join(' | ');
    if (line === '') return;
    this.w.block(1);
    this.w.verbatim(line);
    this.w.block(1);
  }
}
