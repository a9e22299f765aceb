import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonStreamError } from './json-errors.js';
import { CutString, type CharRange, type ReadPlan } from './json-plan.js';
import { JsonStream } from './json-stream.js';

const BIG = { maxKeptBytes: 1e12, maxRawBytes: 1e12 };

/** Feeds `doc` in chunks cut at the given points (so tokens, escapes and characters are split). */
function parseChunked(doc: Buffer, cuts: number[], plan?: ReadPlan, limits = BIG): unknown {
  const p = new JsonStream(limits, plan);
  const points = [...new Set(cuts.map((c) => c % (doc.length + 1)))].sort((a, b) => a - b);
  let at = 0;
  for (const c of [...points, doc.length]) {
    if (c > at) p.write(doc.subarray(at, c));
    at = Math.max(at, c);
  }
  return p.end();
}

// Strings with escapes, control characters, two-, three- and four-byte characters and lone surrogates.
const text = fc
  .array(
    fc.oneof(
      fc.constantFrom('"', '\\', '\n', '\u0001', 'é', '€', '😀', '\ud800', '\udc00'),
      fc.string({ unit: 'binary', maxLength: 4 }),
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    text,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(text, fc.constantFrom('__proto__', 'body', '1', '10')), tie('value'), {
      maxKeys: 5,
    }),
  ),
})).value;
const cuts = fc.array(fc.nat(), { maxLength: 12 });

describe('JsonStream', () => {
  it('builds what JSON.parse builds, however the input is cut into chunks (1,500 documents)', () => {
    fc.assert(
      fc.property(json, cuts, fc.constantFrom(0, 1, 2), (v, c, space) => {
        const s = JSON.stringify(v, null, space);
        const got = parseChunked(Buffer.from(s), c);
        expect(got).toStrictEqual(JSON.parse(s));
      }),
      { numRuns: 1500 },
    );
  });

  it('rejects what JSON.parse rejects (1,000 damaged documents)', () => {
    const damage = fc.record({
      at: fc.nat(),
      kind: fc.constantFrom('cut', 'drop', 'insert'),
      ch: fc.constantFrom('"', ',', ']', '}', '\\', 'x', '\u0002', '1', '{'),
    });
    fc.assert(
      fc.property(json, damage, cuts, (v, d, c) => {
        const s = JSON.stringify(v);
        const i = d.at % (s.length + 1);
        const bad =
          d.kind === 'cut'
            ? s.slice(0, i)
            : d.kind === 'drop'
              ? s.slice(0, i) + s.slice(i + 1)
              : s.slice(0, i) + d.ch + s.slice(i);
        // What the reader sees is the UTF-8 bytes (where a lone surrogate becomes U+FFFD).
        const bytes = Buffer.from(bad);
        let expected: unknown;
        try {
          expected = JSON.parse(bytes.toString('utf8'));
        } catch {
          // An empty input is "no body" for the reader, not an error.
          if (bad.length === 0) return;
          expect(() => parseChunked(bytes, c)).toThrow(JsonStreamError);
          return;
        }
        expect(parseChunked(bytes, c)).toStrictEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps exactly the windowed characters of strings at a path, and their length (1,000 documents)', () => {
    const ranges = fc.array(
      fc.tuple(fc.nat(40), fc.nat(40)).map(([a, b]): CharRange => [Math.min(a, b), Math.max(a, b)]),
      { minLength: 1, maxLength: 3 },
    );
    fc.assert(
      fc.property(
        fc.array(fc.record({ id: fc.nat(), body: text }), { maxLength: 4 }),
        ranges,
        cuts,
        (items, keep, c) => {
          const doc = Buffer.from(JSON.stringify({ items }));
          const got = parseChunked(doc, c, { windows: [{ at: ['items', '*', 'body'], keep }] }) as {
            items: Array<{ id: number; body: string | CutString }>;
          };
          got.items.forEach((g, i) => {
            const body = (items[i] as { body: string }).body;
            expect(g.id).toBe((items[i] as { id: number }).id);
            const whole = keep.some(([s, e]) => (s === 0 || body.length === 0) && e >= body.length);
            if (whole) return expect(g.body).toBe(body);
            expect(g.body).toBeInstanceOf(CutString);
            const cut = g.body as CutString;
            expect(cut.total).toBe(body.length);
            expect(cut.parts.map((p) => p.text)).toEqual(keep.map(([s, e]) => body.slice(s, e)));
          });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('hands values at a sink path to the sink in document order, with their byte count, and leaves them out', () => {
    const taken: Array<[unknown, number, string | number]> = [];
    const doc = Buffer.from('{"a":{"x":[{"k":1},"s",true]},"b":2}');
    const v = parseChunked(doc, [3, 9, 17], {
      sinks: [{ at: ['a', 'x', '*'], take: (value, bytes, key) => taken.push([value, bytes, key]) }],
    });
    expect(v).toStrictEqual({ a: { x: [] }, b: 2 });
    expect(taken).toStrictEqual([
      [{ k: 1 }, 7, 0],
      ['s', 3, 1],
      [true, 4, 2],
    ]);
  });

  it('stops past the kept-bytes limit, and counts skipped body parts as not kept', () => {
    const body = 'x'.repeat(100_000);
    const doc = Buffer.from(JSON.stringify([{ body }, { body }]));
    expect(() =>
      parseChunked(doc, [1000, 50_000], undefined, { maxKeptBytes: 10_000, maxRawBytes: 1e9 }),
    ).toThrow(expect.objectContaining({ kind: 'too_large', limit: 'kept' }));
    const plan = { windows: [{ at: ['*', 'body'], keep: [[0, 100]] as CharRange[] }] };
    const v = parseChunked(doc, [1000, 50_000], plan, { maxKeptBytes: 10_000, maxRawBytes: 1e9 }) as Array<{
      body: CutString;
    }>;
    expect(v.map((x) => [x.body.total, x.body.parts[0]?.text.length])).toEqual([
      [100_000, 100],
      [100_000, 100],
    ]);
    expect(() => parseChunked(doc, [], plan, { maxKeptBytes: 10_000, maxRawBytes: 150_000 })).toThrow(
      expect.objectContaining({ kind: 'too_large', limit: 'raw' }),
    );
  });

  it('refuses nesting deeper than 512 levels, numbers longer than 1 KiB, and a prototype key as the prototype', () => {
    expect(() => parseChunked(Buffer.from('['.repeat(600) + ']'.repeat(600)), [])).toThrow(
      /nested too deeply/,
    );
    expect(() => parseChunked(Buffer.from('1'.repeat(2000)), [7])).toThrow(/number too long/);
    const o = parseChunked(Buffer.from('{"__proto__":{"polluted":1}}'), [5]) as Record<string, unknown>;
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.keys(o)).toEqual(['__proto__']);
  });
});
