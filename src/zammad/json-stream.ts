/**
 * A small streaming JSON parser over byte chunks (docs/adr/0006-streaming-json-reader.md). It builds
 * the same value `JSON.parse` would, while
 *  - counting the bytes it keeps and failing past a limit (`too_large`, before the rest is read),
 *  - reading the strings at window paths through a WindowedString (only some characters kept),
 *  - handing the values at sink paths to their consumer instead of keeping them.
 * Strings outside windows are located with Buffer.indexOf and decoded once, whole.
 */
import { CompiledPlan, type Frame, type ReadPlan, type SinkRule, type StreamLimits } from './json-plan.js';
import { JsonStreamError, jsonStringText } from './json-errors.js';
import { MAX_SCALAR, scalarEnd, scalarValue, startsScalar } from './json-scalar.js';
import { WindowedString } from './json-window.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MAX_DEPTH = 512;

const enum Mode {
  Value, // a value must come
  ValueOrEnd, // after '[': a value or ']'
  KeyOrEnd, // after '{': a key or '}'
  Key, // after ',' in an object
  Colon,
  CommaOrEnd, // after a value inside a container
  Done, // after the root value: whitespace only
}

export class JsonStream {
  private readonly plan: CompiledPlan;
  private readonly stack: Frame[] = [];
  private mode: Mode = Mode.Value;
  private root: unknown = undefined;
  private carry: Buffer | undefined;
  /** Bytes received in all (the raw limit). */
  private received = 0;
  /** Absolute offset of the current buffer's first byte (each input byte counted once). */
  private base = 0;
  /** Bytes not kept: skipped parts of windowed strings, and values handed to sinks. */
  private dropped = 0;
  private started = false;

  // the string being read
  private inString = false;
  private isKey = false;
  private parts: Buffer[] = [];
  private escapes = false;
  private escPending = false;
  private win: WindowedString | undefined;
  private strMask = 0;
  private strKeptAtStart = 0;

  // where the next backslash of the current buffer is (-1: none left), so that short strings do not
  // each search the rest of the buffer for one
  private bsBuf: Buffer | undefined;
  private bsPos = -1;

  // a number or literal being read
  private scalar = '';
  private scalarStart = 0;

  constructor(
    private readonly limits: StreamLimits,
    plan?: ReadPlan,
  ) {
    this.plan = new CompiledPlan(plan);
  }

  /** Bytes kept up to absolute offset `abs`. */
  private keptTo(abs: number): number {
    return abs - this.dropped;
  }

  write(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return;
    this.received += chunk.byteLength;
    if (this.received > this.limits.maxRawBytes)
      throw new JsonStreamError('too_large', 'answer too large', 'raw');
    let buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.carry) {
      buf = Buffer.concat([this.carry, buf]);
      this.carry = undefined;
    }
    this.run(buf);
    const carried = (this.carry as Buffer | undefined)?.length ?? 0;
    const end = this.base + buf.length - carried;
    if (this.keptTo(end) > this.limits.maxKeptBytes)
      throw new JsonStreamError('too_large', 'answer too large', 'kept');
    this.base = end;
  }

  /** The value, once the input has ended; `undefined` for an empty input. */
  end(): unknown {
    if (this.scalar !== '') this.finishScalar(this.base);
    if (this.received > 0 && !this.started) throw new JsonStreamError('syntax', 'an empty answer');
    if (this.carry || this.inString || this.stack.length > 0 || (this.started && this.mode !== Mode.Done))
      throw new JsonStreamError('syntax', 'an answer that ends early');
    return this.root;
  }

  private run(buf: Buffer): void {
    const len = buf.length;
    let p = 0;
    while (p < len) {
      if (this.inString) {
        p = this.continueString(buf, p);
        continue;
      }
      if (this.scalar !== '') {
        p = this.continueScalar(buf, p);
        continue;
      }
      const c = buf[p] as number;
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        p++;
        continue;
      }
      this.started = true;
      switch (this.mode) {
        case Mode.Value:
        case Mode.ValueOrEnd:
          if (c === 0x5d && this.mode === Mode.ValueOrEnd) {
            p++;
            this.closeContainer(this.base + p);
            break;
          }
          p = this.startValue(buf, p, c);
          break;
        case Mode.KeyOrEnd:
        case Mode.Key:
          if (c === 0x7d && this.mode === Mode.KeyOrEnd) {
            p++;
            this.closeContainer(this.base + p);
            break;
          }
          if (c !== QUOTE) throw unexpected();
          this.beginString(true, p);
          p = this.continueString(buf, p + 1);
          break;
        case Mode.Colon:
          if (c !== 0x3a) throw unexpected();
          p++;
          this.mode = Mode.Value;
          break;
        case Mode.CommaOrEnd: {
          const top = this.stack[this.stack.length - 1] as Frame;
          p++;
          if (c === 0x2c) this.mode = top.arr ? Mode.Value : Mode.Key;
          else if ((c === 0x5d && top.arr) || (c === 0x7d && top.obj)) this.closeContainer(this.base + p);
          else throw unexpected();
          break;
        }
        case Mode.Done:
          throw unexpected();
      }
    }
  }

  /** The rule mask and path length of the value about to start. */
  private slotMask(): number {
    const top = this.stack[this.stack.length - 1];
    if (!top) return 0;
    if (top.mask === 0) return 0;
    return this.plan.childMask(top.mask, top.depth, top.arr ? String(top.index) : top.key);
  }

  private startValue(buf: Buffer, p: number, c: number): number {
    if (c === QUOTE) {
      this.beginString(false, p);
      return this.continueString(buf, p + 1);
    }
    if (c === 0x7b || c === 0x5b) {
      const top = this.stack[this.stack.length - 1];
      const mask = top ? this.slotMask() : this.plan.rootMask;
      const depth = this.stack.length; // the container's path length
      const ends = mask ? this.plan.ending(mask, depth) : {};
      if (depth > MAX_DEPTH) throw new JsonStreamError('syntax', 'an answer nested too deeply');
      this.stack.push({
        obj: c === 0x7b ? {} : undefined,
        arr: c === 0x5b ? [] : undefined,
        key: '',
        index: 0,
        mask: mask ? this.plan.deeper(mask, depth) : 0,
        depth,
        sink: ends.sink,
        keptAtStart: this.keptTo(this.base + p),
        slot: top ? (top.arr ? top.index : top.key) : 0,
      });
      this.mode = c === 0x7b ? Mode.KeyOrEnd : Mode.ValueOrEnd;
      return p + 1;
    }
    if (startsScalar(c)) {
      this.scalar = String.fromCharCode(c);
      this.scalarStart = this.keptTo(this.base + p);
      return this.continueScalar(buf, p + 1);
    }
    throw unexpected();
  }

  private continueScalar(buf: Buffer, p: number): number {
    const i = scalarEnd(buf, p);
    this.scalar += buf.toString('latin1', p, i);
    if (this.scalar.length > MAX_SCALAR) throw new JsonStreamError('syntax', 'a number too long');
    if (i < buf.length) this.finishScalar(this.base + i);
    return i;
  }

  private finishScalar(endAbs: number): void {
    const v = scalarValue(this.scalar);
    this.scalar = '';
    const mask = this.slotMask();
    const sink = mask ? this.plan.ending(mask, this.stack.length).sink : undefined;
    this.place(v, sink, this.scalarStart, endAbs);
  }

  private beginString(isKey: boolean, p: number): void {
    this.inString = true;
    this.isKey = isKey;
    this.parts = [];
    this.escapes = false;
    this.escPending = false;
    this.strKeptAtStart = this.keptTo(this.base + p);
    this.strMask = isKey ? 0 : this.slotMask();
    const window = this.strMask ? this.plan.ending(this.strMask, this.stack.length).window : undefined;
    this.win = window ? new WindowedString(window) : undefined;
  }

  /** Reads string bytes from `p`; returns where reading goes on. */
  private continueString(buf: Buffer, p: number): number {
    if (this.win) return this.continueWindowed(buf, p, this.win);
    let i = p;
    if (this.escPending) {
      this.escPending = false;
      i++;
    }
    let q = buf.indexOf(QUOTE, i);
    let b = this.backslash(buf, i);
    while (b !== -1 && (q === -1 || b < q)) {
      this.escapes = true;
      if (b + 1 >= buf.length) {
        this.escPending = true;
        q = -1;
        break;
      }
      const next = b + 2;
      if (q !== -1 && q < next) q = buf.indexOf(QUOTE, next);
      b = this.backslash(buf, next);
    }
    if (q === -1) {
      // the string goes on in the next chunk
      if (p < buf.length) this.parts.push(buf.subarray(p));
      return buf.length;
    }
    let text: string;
    if (this.parts.length === 0) text = buf.toString('utf8', p, q);
    else {
      this.parts.push(buf.subarray(p, q));
      text = Buffer.concat(this.parts).toString('utf8');
      this.parts = [];
    }
    this.endString(text, this.base + q + 1);
    return q + 1;
  }

  /** The first backslash at or after `i` in `buf`, or -1. */
  private backslash(buf: Buffer, i: number): number {
    if (this.bsBuf !== buf || (this.bsPos !== -1 && this.bsPos < i)) {
      this.bsBuf = buf;
      this.bsPos = buf.indexOf(BACKSLASH, i);
    }
    return this.bsPos;
  }

  private continueWindowed(buf: Buffer, p: number, win: WindowedString): number {
    const before = win.rawBytes;
    const keptBefore = win.keptChars;
    const r = win.scan(buf, p);
    // Bytes read but not kept no longer count against the kept limit.
    this.dropped += win.rawBytes - before - (win.keptChars - keptBefore);
    if (r.close === -1) {
      // An unfinished character or escape is read again at the start of the next chunk.
      if (r.carryFrom < buf.length) this.carry = Buffer.from(buf.subarray(r.carryFrom));
      return buf.length;
    }
    const v = win.finish();
    this.win = undefined;
    this.inString = false;
    const sink = this.strMask ? this.plan.ending(this.strMask, this.stack.length).sink : undefined;
    this.place(v, sink, this.strKeptAtStart, this.base + r.close + 1);
    return r.close + 1;
  }

  private endString(text: string, endAbs: number): void {
    this.inString = false;
    const s = jsonStringText(text, this.escapes);
    if (this.isKey) {
      (this.stack[this.stack.length - 1] as Frame).key = s;
      this.mode = Mode.Colon;
      return;
    }
    const sink = this.strMask ? this.plan.ending(this.strMask, this.stack.length).sink : undefined;
    this.place(s, sink, this.strKeptAtStart, endAbs);
  }

  private closeContainer(endAbs: number): void {
    const f = this.stack.pop() as Frame;
    const v = f.obj ?? f.arr;
    this.place(v, f.sink, f.keptAtStart, endAbs, f.slot);
  }

  /** Attaches a complete value to its parent (or the root), or hands it to its sink. */
  private place(
    v: unknown,
    sink: SinkRule['take'] | undefined,
    keptAtStart: number,
    endAbs: number,
    slot?: string | number,
  ): void {
    const top = this.stack[this.stack.length - 1];
    if (sink) {
      const span = this.keptTo(endAbs) - keptAtStart;
      this.dropped += span;
      sink(v, span, slot ?? (top ? (top.arr ? top.index : top.key) : 0));
      if (top?.arr) top.index++;
    } else if (!top) this.root = v;
    else if (top.arr) {
      top.arr.push(v);
      top.index++;
    } else if (top.key === '__proto__')
      // as JSON.parse does: an own property, never the prototype
      Object.defineProperty(top.obj, top.key, {
        value: v,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    else (top.obj as Record<string, unknown>)[top.key] = v;
    this.mode = top ? Mode.CommaOrEnd : Mode.Done;
  }
}

function unexpected(): JsonStreamError {
  return new JsonStreamError('syntax', 'an unexpected character');
}
