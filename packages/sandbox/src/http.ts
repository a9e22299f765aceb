/** Request context, replies, parameter coercion (Rails-style) and pagination (CanPaginate). */
import { HttpError, masked, notFound } from './errors.js';
import type { Principal } from './auth.js';
import type { SandboxStore } from './store.js';
import type { Json, JsonObject } from './types.js';

export type Query = Record<string, string | string[]>;

export type Ctx = {
  store: SandboxStore;
  method: string;
  path: string;
  /** Path parameters from the route pattern. */
  params: Record<string, string>;
  query: Query;
  /** Parsed JSON body (or raw string, or undefined). */
  body: unknown;
  /** Rails `params`: query merged with a JSON object body (body wins). */
  input: Record<string, unknown>;
  headers: Record<string, string>;
  principal: Principal | null;
};

export type Reply = {
  status: number;
  body?: Json | Buffer;
  headers?: Record<string, string>;
  /** Respond with no body at all (`head :ok`). */
  empty?: boolean;
};

export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

export const json = (body: Json, status = 200): Reply => ({ status, body });

/** The authenticated principal; routes that need one call this. */
export function me(ctx: Ctx): Principal {
  if (!ctx.principal) throw new HttpError(403, 'Authentication required');
  return ctx.principal;
}

/** Ruby's String#to_i: leading integer or 0. */
export function toI(v: unknown): number {
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v !== 'string') return 0;
  const m = /^\s*([+-]?\d+)/.exec(v);
  return m?.[1] ? Number(m[1]) : 0;
}

export function truthy(v: unknown): boolean {
  return v === true || v === 'true' || v === '1' || v === 1 || v === 'yes';
}

export const flag = (ctx: Ctx, name: string): boolean => truthy(ctx.input[name]);

export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);
}

/** Numeric path id; anything else is "not found", as ActiveRecord's find would say. */
export function idParam(ctx: Ctx, name: string, model: string): number {
  const raw = ctx.params[name] ?? '';
  if (!/^\d+$/.test(raw)) throw notFound(model, raw);
  return Number(raw);
}

export function find<T>(map: Map<number, T>, id: number, model: string): T {
  const r = map.get(id);
  if (r === undefined) throw notFound(model, id);
  return r;
}

export type Page = { offset: number; limit: number };

/** CanPaginate::Pagination: `per_page || limit || default`, clamped to `max`; bad pages hit the DB error. */
export function paginate(ctx: Ctx, opts: { default: number; max: number }): Page {
  const raw = ctx.input['per_page'] ?? ctx.input['limit'];
  const limit = Math.min(raw === undefined || raw === '' ? opts.default : toI(raw), opts.max);
  const page = ctx.input['page'] === undefined ? 1 : toI(ctx.input['page']);
  const offset = (page - 1) * limit;
  if (limit < 0) throw masked(422, 'PG::InvalidRowCountInLimitClause: ERROR:  LIMIT must not be negative');
  if (offset < 0)
    throw masked(422, 'PG::InvalidRowCountInResultOffsetClause: ERROR:  OFFSET must not be negative');
  return { offset, limit };
}

export function slice<T>(list: T[], page: Page): T[] {
  return list.slice(page.offset, page.offset + page.limit);
}

/** Zammad's generic index sort: validated `sort_by`/`order_by` (SqlHelper). */
export function sortSpec(
  ctx: Ctx,
  columns: readonly string[],
  fallback: { by: string; order: 'asc' | 'desc' },
): Array<{ by: string; desc: boolean }> {
  const list = (v: unknown): string[] =>
    (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v !== '' ? v.split(',') : [])
      .map((s) => s.trim())
      .filter((s) => s !== '');
  const by = list(ctx.input['sort_by']);
  const order = list(ctx.input['order_by']);
  for (const col of by)
    if (!columns.includes(col)) throw masked(500, `Found invalid column '${col}' for sorting.`);
  for (const o of order)
    if (!['asc', 'desc'].includes(o.toLowerCase()))
      throw masked(500, `Found invalid order by value ${o}. Please use 'asc' or 'desc'.`);
  const cols = by.length > 0 ? by : [fallback.by];
  return cols.map((c, i) => ({
    by: c,
    desc: (order[i] ?? order[0] ?? fallback.order).toLowerCase() === 'desc',
  }));
}

export function sortRecords<T extends JsonObject | object>(
  list: T[],
  spec: Array<{ by: string; desc: boolean }>,
): T[] {
  const get = (r: T, k: string): unknown => (r as Record<string, unknown>)[k];
  return [...list].sort((a, b) => {
    for (const { by, desc } of spec) {
      const x = get(a, by);
      const y = get(b, by);
      if (x === y) continue;
      if (x === null || x === undefined) return desc ? -1 : 1; // NULLs sort as largest (PostgreSQL)
      if (y === null || y === undefined) return desc ? 1 : -1;
      const cmp = typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : 1;
      return desc ? -cmp : cmp;
    }
    return (get(a, 'id') as number) - (get(b, 'id') as number);
  });
}
