/**
 * Search responses differ by Zammad version (reference §3):
 *  - ≤ 6.4: `{tickets: [ids], tickets_count, assets}` (tickets_count is the page count, not the total)
 *  - 6.5+: a plain array; with `full=true` `{record_ids, assets, total_count}`
 *  - 7.x with `with_total_count=true`: `{records, total_count}`
 * `normalizeSearch` accepts all of them and returns the records in order and the total when known.
 */
import { ZammadError } from './errors.js';

export interface NormalizedSearch {
  records: unknown[];
  total: number | undefined;
}

function fromAssets(ids: unknown, assets: unknown, model: string): unknown[] {
  if (!Array.isArray(ids)) return [];
  const bucket = (assets as Record<string, Record<string, unknown>> | undefined)?.[model] ?? {};
  return ids.map((i) => bucket[String(i)]).filter((r) => r !== undefined);
}

/** `key` is the plural key of the ≤ 6.4 shape (`tickets`, `users`, `organizations`). */
export function normalizeSearch(body: unknown, model: string, key: string): NormalizedSearch {
  if (Array.isArray(body)) return { records: body, total: undefined };
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    if (Array.isArray(b.records)) return { records: b.records, total: num(b.total_count) };
    if (Array.isArray(b.record_ids))
      return { records: fromAssets(b.record_ids, b.assets, model), total: num(b.total_count) };
    if (Array.isArray(b[key])) {
      const list = b[key] as unknown[];
      // ≤ 6.4 lists ids and puts the records in assets; some versions inline the records.
      const records = list.every((x) => typeof x === 'number') ? fromAssets(list, b.assets, model) : list;
      return { records, total: undefined };
    }
  }
  throw new ZammadError('bad_response', `Zammad sent a ${model} search response of an unknown shape.`);
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
