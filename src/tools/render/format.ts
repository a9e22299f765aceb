import { z } from 'zod';
/**
 * Small helpers for compact, model-facing text: no nulls, dates once, names over ids.
 */

/** "2025-01-22T10:46:58.255Z" → "2025-01-22 10:46" (UTC; the header of every result says so). */
export function fmtDate(iso: string | null | undefined): string | undefined {
  if (!iso) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

type Val = string | number | boolean | null | undefined;

/** "a: 1 · b: x", skipping empty values. */
export function kv(pairs: Array<[string, Val]>, sep = ' · '): string {
  return pairs
    .filter(([, v]) => v !== undefined && v !== null && v !== '' && v !== false)
    .map(([k, v]) => (v === true ? k : `${k}: ${v}`))
    .join(sep);
}

/** Removes null, undefined and empty strings/arrays from an object (structured output stays small). */
export function compact<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = v;
  }
  return out as T;
}

/** Rough token count for budgets (o200k averages ~4 characters per token on English text; we assume 3.5). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 3.5);
}

/** Collapses runs of blank lines and trailing spaces. */
export function tidy(text: string): string {
  return text
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export { cut } from '../../content/cut.js';

/** The paging fields of every search tool's structured output. */
export const PAGE_FIELDS = {
  page: z.number(),
  total: z.number().optional(),
  has_more: z.boolean(),
};

export interface PageMeta {
  page: number;
  total?: number;
  has_more: boolean;
}

/**
 * The header line of a page of search results and its paging fields: whether more exist comes
 * from Zammad's total where it sends one, else from a full page. `fetched` counts what Zammad
 * returned, `shown` what we show.
 */
export function pageHeader(o: {
  noun: string;
  page: number;
  limit: number;
  fetched: number;
  shown: number;
  total: number | undefined;
}): { head: string; meta: PageMeta } {
  const hasMore = o.total !== undefined ? o.page * o.limit < o.total : o.fetched === o.limit;
  const first = (o.page - 1) * o.limit + 1;
  const head =
    o.shown === 0
      ? `No ${o.noun.toLowerCase()} found (page ${o.page}).`
      : `${o.noun} ${first}–${first + o.shown - 1}${o.total !== undefined ? ` of ${o.total}` : ''}${hasMore ? ` (more: page=${o.page + 1})` : ''}`;
  return {
    head,
    meta: { page: o.page, ...(o.total !== undefined ? { total: o.total } : {}), has_more: hasMore },
  };
}
