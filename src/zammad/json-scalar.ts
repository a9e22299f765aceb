/** Numbers and literals (`true`, `false`, `null`) for the streaming parser. */
import { JsonStreamError } from './json-errors.js';

/** Longest number or literal accepted. */
export const MAX_SCALAR = 1024;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** Whether a byte can start a number or a literal. */
export function startsScalar(c: number): boolean {
  return c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e;
}

/** Where the run of number and letter bytes that begins at `p` ends. */
export function scalarEnd(buf: Buffer, p: number): number {
  let i = p;
  while (i < buf.length) {
    const c = buf[i] as number;
    const numeric = (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2b || c === 0x2d;
    if (!numeric && !(c >= 0x61 && c <= 0x7a) && c !== 0x45) break;
    i++;
  }
  return i;
}

/** The value of a complete number or literal, as JSON.parse reads it. */
export function scalarValue(s: string): unknown {
  if (s === 'true') return true;
  if (s === 'false') return false;
  if (s === 'null') return null;
  if (NUMBER.test(s)) return Number(s);
  throw new JsonStreamError('syntax', 'an unexpected character');
}
