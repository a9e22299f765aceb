import { describe, expect, it } from 'vitest';
import { SANITIZER_CASES } from '../../test/fixtures/sanitizer-cases.js';
import { findUnsafe } from './check.js';
import { htmlToText } from './html.js';
import { sanitizeText } from './sanitize.js';

const run = (html: boolean | undefined, input: string): string =>
  html ? htmlToText(input) : sanitizeText(input);

describe('sanitizer case table', () => {
  it('has at least 60 cases, unique names, both kinds and both paths', () => {
    expect(SANITIZER_CASES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(SANITIZER_CASES.map((c) => c.name)).size).toBe(SANITIZER_CASES.length);
    expect(SANITIZER_CASES.some((c) => c.kind === 'attack' && c.html)).toBe(true);
    expect(SANITIZER_CASES.some((c) => c.kind === 'preserve' && !c.html)).toBe(true);
  });

  for (const c of SANITIZER_CASES) {
    it(`${c.kind}${c.html ? ' (html)' : ''}: ${c.name}`, () => {
      const out = run(c.html, c.input);
      const expected = c.expect ?? (c.kind === 'preserve' ? c.input : undefined);
      if (expected !== undefined) expect(out).toBe(expected);
      for (const bad of c.mustNotContain ?? []) expect(out).not.toContain(bad);
      expect(findUnsafe(out)).toBeUndefined();
      // The sanitized text is stable: sanitizing it again changes nothing.
      expect(sanitizeText(out)).toBe(out);
    });
  }

  it('every attack case changes its input', () => {
    for (const c of SANITIZER_CASES.filter((x) => x.kind === 'attack'))
      expect(run(c.html, c.input), c.name).not.toBe(c.input);
  });
});
