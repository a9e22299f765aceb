import { describe, expect, it } from 'vitest';
import { findUnsafe } from './check.js';
import { sanitizeText } from './sanitize.js';

/**
 * Every code point, one at a time, checked against the independent checker in check.ts:
 * - in mixed contexts (letter, emoji, ideograph, Arabic letters) nothing unsafe comes out;
 * - any code point the checker calls safe next to a letter is kept exactly (no false positives).
 * (One pass over 1.1 M code points: about two seconds.)
 */
describe('every code point', () => {
  it('never comes out unsafe, and is kept whenever it is safe', () => {
    const unsafeOut: string[] = [];
    const overStripped: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      const c = cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp);
      const mixed = `a${c}\u{1F600}${c}\u845B${c}\u0645${c}\u06CC${c}`;
      if (findUnsafe(sanitizeText(mixed)) !== undefined) unsafeOut.push(cp.toString(16));
      const plain = `a${c}b`;
      // CR becomes LF; ZWNJ/ZWJ between Latin letters are removed by design (joining scripts only).
      if (
        cp !== 0x0d &&
        cp !== 0x200c &&
        cp !== 0x200d &&
        findUnsafe(plain) === undefined &&
        sanitizeText(plain) !== plain
      )
        overStripped.push(cp.toString(16));
    }
    expect(unsafeOut).toEqual([]);
    expect(overStripped).toEqual([]);
  });
});
