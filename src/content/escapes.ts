/**
 * Terminal escape sequences (ECMA-48): CSI, OSC, DCS/SOS/PM/APC strings and short escapes, in their
 * 7-bit (ESC …) and 8-bit (C1) forms. Reads them so codepoints.ts can drop them whole.
 */

/** Terminators of control strings (OSC, DCS, …): BEL, ESC (ST is ESC \), 8-bit ST, CAN, SUB. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const STRING_END = /[\x07\x18\x1a\x1b\x9c]/g;

/** An OSC 8 target worth showing: printable ASCII without spaces, bounded. */
export const PRINTABLE_URI = /^[\x21-\x7e]{1,2048}$/;

/** Result of reading one escape sequence starting at `i`. */
export interface Escape {
  end: number; // index after the sequence
  osc?: string; // the payload, for OSC strings
}

export function readCsi(s: string, j: number): number {
  const n = s.length;
  while (j < n) {
    const c = s.charCodeAt(j);
    if (c >= 0x30 && c <= 0x3f) j++;
    else break;
  }
  while (j < n) {
    const c = s.charCodeAt(j);
    if (c >= 0x20 && c <= 0x2f) j++;
    else break;
  }
  if (j < n) {
    const c = s.charCodeAt(j);
    if (c >= 0x40 && c <= 0x7e) j++; // final byte; anything else aborts the sequence right there
  }
  return j;
}

export class Scanner {
  private termFrom = -1;
  private termAt = -1; // -1: none after termFrom
  constructor(private readonly s: string) {}

  /** Index of the next control-string terminator at or after `p`, or -1. Amortized linear. */
  nextTerminator(p: number): number {
    if (this.termFrom >= 0 && p >= this.termFrom && (this.termAt < 0 || p <= this.termAt)) return this.termAt;
    STRING_END.lastIndex = p;
    const m = STRING_END.exec(this.s);
    this.termFrom = p;
    this.termAt = m ? m.index : -1;
    return this.termAt;
  }

  /** A control string whose payload starts at `j`: up to and including its terminator. */
  readString(j: number, isOsc: boolean): Escape {
    const t = this.nextTerminator(j);
    if (t < 0) return { end: j }; // unterminated: drop the introducer only, the rest is ordinary text
    const s = this.s;
    let end = t + 1;
    if (s.charCodeAt(t) === 0x1b) end = s.charCodeAt(t + 1) === 0x5c ? t + 2 : t; // ESC \ is ST; a bare ESC starts the next sequence
    return isOsc ? { end, osc: s.slice(j, t) } : { end };
  }

  /** The escape sequence starting with ESC at `i`. */
  readEsc(i: number): Escape {
    const s = this.s;
    const n = s.length;
    if (i + 1 >= n) return { end: i + 1 };
    const c = s.charCodeAt(i + 1);
    switch (c) {
      case 0x5b: // [
        return { end: readCsi(s, i + 2) };
      case 0x5d: // ]
        return this.readString(i + 2, true);
      case 0x50: // P  DCS
      case 0x58: // X  SOS
      case 0x5e: // ^  PM
      case 0x5f: // _  APC
        return this.readString(i + 2, false);
      default:
        break;
    }
    // nF / Fp / Fe / Fs: intermediates 0x20–0x2F then one final byte 0x30–0x7E.
    let j = i + 1;
    while (j < n) {
      const d = s.charCodeAt(j);
      if (d >= 0x20 && d <= 0x2f) j++;
      else break;
    }
    if (j < n) {
      const d = s.charCodeAt(j);
      if (d >= 0x30 && d <= 0x7e) return { end: j + 1 };
    }
    return { end: j };
  }
}

/** Parses an OSC payload as an OSC 8 hyperlink: the URI, "" for the closing form, undefined otherwise. */
export function osc8Uri(payload: string): string | undefined {
  if (!payload.startsWith('8;')) return undefined;
  const semi = payload.indexOf(';', 2);
  if (semi < 0) return undefined;
  return payload.slice(semi + 1);
}
