/** The text accumulator behind htmlToText: collapsed whitespace, pending line breaks, line prefixes. */

/** Deeper quote/list nesting is rendered at this depth (keeps output linear in the input). */
export const PREFIX_CAP = 16;
/** Whitespace runs that need collapsing: anything but a lone space. NBSP collapses too (see html.ts). */
const WS_COLLAPSE = /[\t\n\r\f\u00A0][ \t\n\r\f\u00A0]*| [ \t\n\r\f\u00A0]+/g;

export interface Prefix {
  readonly first: string;
  readonly rest: string;
  used: boolean;
}

/** Accumulates output text: collapsed whitespace, pending line breaks, line prefixes (quotes, lists). */
export class Writer {
  private readonly parts: string[] = [];
  length = 0;
  /** Output length right after the last line break (and prefix) was written. */
  lineStart = 0;
  private pendingNl = 0;
  private pendingSpace = false;
  private started = false;
  readonly prefixes: Prefix[] = [];

  private push(s: string): void {
    this.parts.push(s);
    this.length += s.length;
  }

  private prefix(blank: boolean): string {
    const p = this.prefixes;
    const n = p.length;
    if (n === 0) return '';
    let out = '';
    // Too deep: the first PREFIX_CAP - 1 levels and the innermost one are rendered, the middle is not.
    const head = n > PREFIX_CAP ? PREFIX_CAP - 1 : n;
    for (let k = 0; k < head; k++) out += this.piece(p[k]!, blank);
    if (head < n) out += this.piece(p[n - 1]!, blank);
    return blank ? out.trimEnd() : out;
  }

  private piece(e: Prefix, blank: boolean): string {
    if (e.used) return e.rest;
    if (blank) return ''; // a quote or item that has not started yet does not reach back into the gap
    e.used = true;
    return e.first;
  }

  private startContent(): void {
    if (!this.started) {
      this.started = true;
      this.push(this.prefix(false));
      this.lineStart = this.length;
    } else if (this.pendingNl > 0) {
      for (let k = 1; k < this.pendingNl; k++) this.push('\n' + this.prefix(true));
      this.push('\n' + this.prefix(false));
      this.lineStart = this.length;
    } else if (this.pendingSpace) {
      this.push(' ');
    }
    this.pendingNl = 0;
    this.pendingSpace = false;
  }

  /** At least `n` line breaks (2: a blank line) before the next content. */
  block(n: number): void {
    if (this.started && this.pendingNl < n) this.pendingNl = n;
    this.pendingSpace = false;
  }

  br(): void {
    if (this.started) this.pendingNl = Math.min(2, this.pendingNl + 1);
    this.pendingSpace = false;
  }

  space(): void {
    if (this.started) this.pendingSpace = true;
  }

  /** Inline text, whitespace collapsed like a browser (and NBSP with it: this is text, not layout). */
  text(t: string): void {
    let c = t.replace(WS_COLLAPSE, ' ');
    if (c.charCodeAt(0) === 0x20) {
      if (this.started) this.pendingSpace = true;
      c = c.slice(1);
    }
    if (c === '') return;
    const trailing = c.charCodeAt(c.length - 1) === 0x20;
    if (trailing) c = c.slice(0, -1);
    if (c !== '') {
      this.startContent();
      this.push(c);
    }
    if (trailing) this.pendingSpace = true;
  }

  /** Text with its line breaks and spaces kept (pre, table rows). */
  verbatim(t: string): void {
    const lines = (t.includes('\u00A0') ? t.replace(/\u00A0/g, ' ') : t).split('\n');
    for (let k = 0; k < lines.length; k++) {
      if (k > 0 && this.started) this.pendingNl++;
      let line = lines[k]!;
      const last = line.charCodeAt(line.length - 1);
      if (last === 0x20 || last === 0x09) line = line.replace(/[ \t]+$/, ''); // no trailing blanks
      if (line !== '') {
        this.startContent();
        this.push(line);
      }
    }
  }

  /** Appends to the current line without flushing pending breaks (a link's " (url)"). */
  append(s: string): void {
    this.push(s);
  }

  /** The last `count` characters written (count kept small by the caller). */
  tail(count: number): string {
    let out = '';
    for (let k = this.parts.length - 1; k >= 0 && out.length < count; k--) out = this.parts[k]! + out;
    return out.slice(out.length - count);
  }

  finish(): string {
    return this.parts.join('');
  }
}
