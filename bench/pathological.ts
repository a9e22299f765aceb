/**
 * Linearity of the text paths on pathological inputs (test/fixtures/pathological.ts): each input
 * at size n and 4n, the best of RUNS timings of each; a linear path takes about 4× as long for 4×
 * the input, a quadratic one 16×. Prints per case: ms at n, ms at 4n, and the ratio (target ≤ 8;
 * times under 5 ms count as 5 ms, where the timer and the collector decide more than the path).
 *
 *   node --import tsx bench/pathological.ts
 */
import { pathToFileURL } from 'node:url';
import { cleanHtml } from '../src/content/html-clean.js';
import { htmlToText, sanitizeText } from '../src/content/index.js';
import { htmlPathological, sanitizerPathological } from '../test/fixtures/pathological.js';

const RUNS = 3;

function best(fn: () => unknown): number {
  let min = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

export interface Linearity {
  path: string;
  name: string;
  ms: number;
  ms4: number;
  ratio: number;
}

export function benchPathological(): Linearity[] {
  const rows: Linearity[] = [];
  const measure = (
    path: string,
    cases: (n: number) => Record<string, string>,
    n: number,
    fn: (s: string) => unknown,
  ): void => {
    const small = cases(n);
    const large = cases(4 * n);
    for (const name of Object.keys(small)) {
      const ms = best(() => fn(small[name] as string));
      const ms4 = best(() => fn(large[name] as string));
      // Below a few milliseconds the timer and the collector decide the ratio, not the path.
      rows.push({ path, name, ms, ms4, ratio: ms4 / Math.max(ms, 5) });
    }
  };
  measure('sanitizeText', sanitizerPathological, 200_000, sanitizeText);
  measure('htmlToText', htmlPathological, 50_000, htmlToText);
  measure('cleanHtml', (n) => ({ deepNesting: '<b>'.repeat(n) + 'x' + '</b>'.repeat(n) }), 5_000, cleanHtml);
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = benchPathological();
  console.log('path          case              ms(n)   ms(4n)  ratio (linear ≈ 4, target ≤ 8)');
  for (const r of rows)
    console.log(
      `${r.path.padEnd(13)} ${r.name.padEnd(16)} ${r.ms.toFixed(1).padStart(7)} ${r.ms4.toFixed(1).padStart(8)}  ${r.ratio.toFixed(1)}${r.ratio > 8 ? '  OVER TARGET' : ''}`,
    );
  const worst = rows.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  console.log(
    `worst ratio: ${worst.ratio.toFixed(1)} (${worst.path} ${worst.name}); ${rows.filter((r) => r.ratio > 8).length} over target`,
  );
}
