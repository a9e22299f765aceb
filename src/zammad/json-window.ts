/**
 * A JSON string read through windows: its UTF-16 length is counted from the raw UTF-8 bytes and its
 * escapes, and only the characters inside the requested ranges are decoded and kept. A 150 MB body
 * thus costs a byte scan, not a 150 MB string.
 */
import { isAscii } from 'node:buffer';
import { CutString, type CharRange } from './json-plan.js';
import { jsonStringText } from './json-errors.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LOWER_U = 0x75;

/**
 * UTF-16 code units of valid UTF-8 bytes `[start, end)`: every non-continuation byte, and one more
 * for 4-byte sequences. (A plain loop: faster here than decoding and taking the length.)
 */
function unitsOf(buf: Buffer, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const b = buf[i] as number;
    if ((b & 0xc0) !== 0x80) n++;
    if (b >= 0xf0) n++;
  }
  return n;
}

/** Where an incomplete UTF-8 sequence at the end of `buf[start, end)` begins, or `end`. */
function completeEnd(buf: Buffer, start: number, end: number): number {
  for (let k = 1; k <= 3 && end - k >= start; k++) {
    const b = buf[end - k] as number;
    if ((b & 0xc0) === 0x80) continue; // continuation: look further back
    if (b < 0xc0) return end; // ASCII: complete
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return need > k ? end - k : end;
  }
  return end;
}

export interface ScanResult {
  /** Index of the closing quote, or -1 when the string goes on in the next chunk. */
  close: number;
  /** Bytes from this index on belong to an unfinished character or escape: carry them over. */
  carryFrom: number;
}

export class WindowedString {
  private units = 0;
  private readonly pieces: string[][];
  /** Raw bytes of the string read so far. */
  rawBytes = 0;
  /** Characters kept so far. */
  keptChars = 0;

  constructor(private readonly ranges: readonly CharRange[]) {
    this.pieces = ranges.map(() => []);
  }

  /**
   * Reads the string's bytes in `buf` from `p`: up to its closing quote, or up to the last complete
   * character or escape of the chunk. Returns where it stopped.
   */
  scan(buf: Buffer, p: number): ScanResult {
    const len = buf.length;
    let overhead = 0; // bytes of escapes beyond the one unit each stands for
    let escapes = false;
    let q = buf.indexOf(QUOTE, p);
    let b = buf.indexOf(BACKSLASH, p);
    let regionEnd: number;
    let close = -1;
    for (;;) {
      if (b !== -1 && (q === -1 || b < q)) {
        escapes = true;
        const size = b + 1 < len && buf[b + 1] === LOWER_U ? 6 : 2;
        if (b + size > len) {
          regionEnd = b; // an escape cut by the chunk's end
          break;
        }
        overhead += size - 1;
        const next = b + size;
        if (q !== -1 && q < next) q = buf.indexOf(QUOTE, next);
        b = buf.indexOf(BACKSLASH, next);
        continue;
      }
      if (q !== -1) {
        regionEnd = q;
        close = q;
      } else regionEnd = completeEnd(buf, p, len);
      break;
    }
    this.region(buf, p, regionEnd, overhead, escapes);
    return { close, carryFrom: close === -1 ? regionEnd : -1 };
  }

  /** A run of whole characters and escapes: counted, and decoded only where a window needs it. */
  private region(buf: Buffer, start: number, end: number, overhead: number, escapes: boolean): void {
    if (end <= start) return;
    this.rawBytes += end - start;
    const units = (isAscii(buf.subarray(start, end)) ? end - start : unitsOf(buf, start, end)) - overhead;
    const u0 = this.units;
    if (!this.ranges.some(([s, e]) => s < u0 + units && e > u0)) {
      this.units = u0 + units;
      return;
    }
    const raw = buf.toString('utf8', start, end);
    const text = jsonStringText(raw, escapes);
    // The decoded length is the truth (it differs from the count only for invalid UTF-8).
    this.ranges.forEach(([s, e], i) => {
      const from = Math.max(s - u0, 0);
      const to = Math.min(e - u0, text.length);
      if (to > from) {
        (this.pieces[i] as string[]).push(text.slice(from, to));
        this.keptChars += to - from;
      }
    });
    this.units = u0 + text.length;
  }

  /** The whole string when the windows kept all of it, else what they kept and the full length. */
  finish(): string | CutString {
    const total = this.units;
    const parts = this.ranges.map(([s], i) => ({
      offset: Math.min(s, total),
      text: (this.pieces[i] as string[]).join(''),
    }));
    const whole = parts.find((x) => x.offset === 0 && x.text.length === total);
    return whole ? whole.text : new CutString(total, parts);
  }
}
