/**
 * What every resource of the client shares: the HTTP layer, the read limits, and parsing of answers
 * with zod into a `bad_response` when Zammad sent another shape.
 */
import { z } from 'zod';
import { ZammadError } from './errors.js';
import type { RequestOptions, ZammadHttp } from './http.js';
import type { ReadLimits } from './options.js';

export type Signal = AbortSignal | undefined;

export interface Page {
  page: number;
  perPage: number;
}

const listSchemas = new WeakMap<z.ZodType, z.ZodType>();
/** `z.array(schema)`, built once per schema: zod compiles a schema on first use. */
export function listOf<S extends z.ZodType>(schema: S): z.ZodArray<S> {
  let l = listSchemas.get(schema);
  if (!l) listSchemas.set(schema, (l = z.array(schema)));
  return l as z.ZodArray<S>;
}

export class ZammadCore {
  /** Sees every answer's parsed body (src/privacy/ learns who is a customer from them). */
  observer: ((body: unknown) => void) | undefined;

  constructor(
    readonly http: ZammadHttp,
    readonly limits: ReadLimits,
  ) {}

  get host(): string {
    return this.http.host;
  }

  parse<S extends z.ZodType>(schema: S, data: unknown, what: string): z.infer<S> {
    const r = schema.safeParse(data);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new ZammadError(
        'bad_response',
        `Zammad at ${this.host} sent ${what} in an unexpected shape.`,
        undefined,
        issue ? `${issue.path.join('.')}: ${issue.message}` : undefined,
      );
    }
    return r.data;
  }

  /** A request whose answer is read within the client's limits. */
  async request(
    method: string,
    path: string,
    o: RequestOptions = {},
  ): Promise<{ body: unknown; headers: Headers }> {
    const res = await this.http.request(method, path, {
      ...o,
      read: { maxKeptBytes: this.limits.maxResponseBytes, ...o.read },
    });
    this.observer?.(res.body);
    return res;
  }

  async get<S extends z.ZodType>(path: string, schema: S, o: RequestOptions = {}): Promise<z.infer<S>> {
    const res = await this.request('GET', path, o);
    return this.parse(schema, res.body, path.split('?')[0] ?? path);
  }

  /** Generic index: default 500, max 1000 (reference §4). */
  list<S extends z.ZodType>(path: string, schema: S, signal: Signal): Promise<Array<z.infer<S>>> {
    return this.get(path, listOf(schema), { query: { per_page: 1000 }, signal });
  }

  /** A write (never retried: a write that times out raises `unknown_outcome`), its answer parsed. */
  async send<S extends z.ZodType>(
    method: 'POST' | 'PUT' | 'DELETE',
    path: string,
    schema: S,
    o: RequestOptions,
  ): Promise<z.infer<S>> {
    const res = await this.request(method, path, o);
    return this.parse(schema, res.body, `the answer to ${method} ${path}`);
  }
}
