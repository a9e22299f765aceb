/**
 * What a streamed JSON read keeps: string windows (keep only some characters of the strings at a
 * path, e.g. article bodies) and sinks (hand the values at a path to a consumer instead of keeping
 * them in the document, e.g. the articles of a ticket). Paths are key lists where `*` matches any
 * key or array index.
 */

export type PathPattern = readonly string[];

/** A range of UTF-16 code units, `[start, end)`, as `String.prototype.slice` counts them. */
export type CharRange = readonly [start: number, end: number];

export interface StringWindowRule {
  at: PathPattern;
  /** The parts of the string to keep; the rest is skipped while reading and never held. */
  keep: readonly CharRange[];
}

export interface SinkRule {
  at: PathPattern;
  /**
   * Called with each complete value at the path, in document order, instead of keeping it in the
   * document. `keptBytes` is what the value holds (its bytes, less the skipped parts of windowed
   * strings), for the consumer's own budget. `key` is its object key or array index.
   */
  take(value: unknown, keptBytes: number, key: string | number): void;
}

export interface ReadPlan {
  windows?: readonly StringWindowRule[];
  sinks?: readonly SinkRule[];
}

/** A string read through a window: its full length and the parts kept, one per requested range. */
export class CutString {
  constructor(
    /** Length of the whole string in UTF-16 code units. */
    readonly total: number,
    /** One entry per requested range (clipped to the string), in the order requested. */
    readonly parts: ReadonlyArray<{ offset: number; text: string }>,
  ) {}

  /** The part that starts at `offset`, or undefined. */
  partAt(offset: number): { offset: number; text: string } | undefined {
    return this.parts.find((p) => p.offset === offset);
  }
}

interface CompiledRule {
  segs: ReadonlyArray<string | null>;
  window?: readonly CharRange[];
  sink?: SinkRule['take'];
}

/**
 * Patterns compiled for matching while descending: each container frame carries a bit mask of the
 * rules whose prefix matches its path.
 */
export class CompiledPlan {
  readonly rules: CompiledRule[] = [];
  /** Rules alive at the root value's children (all of them). */
  readonly rootMask: number;

  constructor(plan: ReadPlan | undefined) {
    for (const w of plan?.windows ?? []) this.rules.push({ segs: compile(w.at), window: w.keep });
    for (const s of plan?.sinks ?? []) this.rules.push({ segs: compile(s.at), sink: s.take.bind(s) });
    if (this.rules.length > 30) throw new RangeError('a read plan has at most 30 rules');
    this.rootMask = this.rules.length === 0 ? 0 : (1 << this.rules.length) - 1;
  }

  /** Rules still alive for the child at `key` of a container at `depth` whose mask is `mask`. */
  childMask(mask: number, depth: number, key: string): number {
    let out = 0;
    for (let i = 0; i < this.rules.length; i++) {
      if ((mask & (1 << i)) === 0) continue;
      const seg = (this.rules[i] as CompiledRule).segs[depth];
      if (seg === undefined) continue;
      if (seg === null || seg === key) out |= 1 << i;
    }
    return out;
  }

  /** The rule that ends exactly at a value of path length `length` among `mask`, windows and sinks apart. */
  ending(mask: number, length: number): { window?: readonly CharRange[]; sink?: SinkRule['take'] } {
    let window: readonly CharRange[] | undefined;
    let sink: SinkRule['take'] | undefined;
    for (let i = 0; i < this.rules.length; i++) {
      if ((mask & (1 << i)) === 0) continue;
      const r = this.rules[i] as CompiledRule;
      if (r.segs.length !== length) continue;
      if (r.window && !window) window = r.window;
      if (r.sink && !sink) sink = r.sink;
    }
    return { ...(window ? { window } : {}), ...(sink ? { sink } : {}) };
  }

  /** Rules that continue below a value of path length `length` (its frame's mask). */
  deeper(mask: number, length: number): number {
    let out = 0;
    for (let i = 0; i < this.rules.length; i++)
      if ((mask & (1 << i)) !== 0 && (this.rules[i] as CompiledRule).segs.length > length) out |= 1 << i;
    return out;
  }
}

function compile(p: PathPattern): Array<string | null> {
  return p.map((s) => (s === '*' ? null : s));
}

/** A container being read by the streaming parser. */
export interface Frame {
  obj: Record<string, unknown> | undefined;
  arr: unknown[] | undefined;
  key: string;
  index: number;
  /** Plan rules alive below this container. */
  mask: number;
  depth: number;
  /** For a container that goes to a sink: its consumer and the kept count when it began. */
  sink: SinkRule['take'] | undefined;
  keptAtStart: number;
  slot: string | number;
}

export interface StreamLimits {
  /** Bytes kept in the value (and in each value handed to a sink). */
  maxKeptBytes: number;
  /** Bytes read in all. */
  maxRawBytes: number;
}
