/**
 * The agent's worklist and a customer's context, as Zammad serves them:
 * - `GET /ticket_overviews` (the caller's overviews with counts) and `?view=<link>` (one overview's
 *   ticket ids in its order, at most `ui_ticket_overview_ticket_limit`, with the tickets in assets;
 *   an unknown view answers 200 with an empty index);
 * - `GET /ticket_related/{id}` (open tickets of the ticket's customer, ticket.agent);
 * - `GET /ticket_stats?user_id=` (up to 100 open and 100 closed tickets of a customer, in assets);
 * - `POST /tickets/search` with a selector `condition` (no query: the same on SQL and Elasticsearch),
 *   with Zammad's own clock from the `Date` header for time-relative answers.
 */
import { z } from 'zod';
import type { Signal, ZammadCore } from './core.js';
import { apiPath } from './paths.js';
import { AssetsSchema, TicketSchema, type Assets, type Ticket } from './schemas.js';
import { normalizeSearch } from './search.js';

const OverviewSchema = z.looseObject({
  id: z.number().int().nullish(),
  name: z.string(),
  link: z.string(),
  prio: z.number().nullish(),
  count: z.number().int().nonnegative(),
});
export type Overview = z.infer<typeof OverviewSchema>;
const OverviewListSchema = z.array(OverviewSchema);

const OverviewViewSchema = z.object({
  assets: AssetsSchema.default({}),
  index: z
    .object({
      overview: z.looseObject({ name: z.string(), id: z.number().nullish(), view: z.string() }).optional(),
      tickets: z.array(z.looseObject({ id: z.number().int() })).default([]),
      count: z.number().int().nonnegative().optional(),
    })
    .default({ tickets: [] }),
});

const RelatedSchema = z.object({
  assets: AssetsSchema.default({}),
  ticket_ids_by_customer: z.array(z.number().int()).default([]),
});

const StatsSchema = z.object({
  user: z
    .object({
      open_ids: z.array(z.number().int()).default([]),
      closed_ids: z.array(z.number().int()).default([]),
    })
    .default({ open_ids: [], closed_ids: [] }),
  assets: AssetsSchema.default({}),
});

export interface OverviewTickets {
  /** The overview as Zammad names it; undefined when the caller has no overview with that link. */
  overview: { name: string; link: string } | undefined;
  /** In the overview's order (those Zammad listed, at most its ticket limit). */
  tickets: Ticket[];
  /** All tickets of the overview, also those past the limit. */
  count: number;
  assets: Assets;
}

export interface ConditionSearch {
  condition: Record<string, unknown>;
  sortBy: string;
  orderBy: 'asc' | 'desc';
  perPage: number;
}

export class WorklistApi {
  constructor(private readonly c: ZammadCore) {}

  overviews(signal?: Signal): Promise<Overview[]> {
    return this.c.get('/ticket_overviews', OverviewListSchema, { signal });
  }

  async overviewTickets(link: string, signal?: Signal): Promise<OverviewTickets> {
    const r = await this.c.get('/ticket_overviews', OverviewViewSchema, { query: { view: link }, signal });
    const o = r.index.overview;
    return {
      overview: o ? { name: o.name, link: o.view } : undefined,
      tickets: this.fromAssets(
        r.index.tickets.map((t) => t.id),
        r.assets,
      ),
      count: r.index.count ?? r.index.tickets.length,
      assets: r.assets,
    };
  }

  async related(ticketId: number, signal?: Signal): Promise<{ tickets: Ticket[]; assets: Assets }> {
    const r = await this.c.get(apiPath`/ticket_related/${ticketId}`, RelatedSchema, { signal });
    return { tickets: this.fromAssets(r.ticket_ids_by_customer, r.assets), assets: r.assets };
  }

  async customerTickets(
    userId: number,
    signal?: Signal,
  ): Promise<{ open: Ticket[]; closed: Ticket[]; assets: Assets }> {
    const r = await this.c.get('/ticket_stats', StatsSchema, { query: { user_id: userId }, signal });
    return {
      open: this.fromAssets(r.user.open_ids, r.assets),
      closed: this.fromAssets(r.user.closed_ids, r.assets),
      assets: r.assets,
    };
  }

  /** One search by selector condition; `now` is Zammad's clock (its Date header), else ours. */
  async searchByCondition(
    s: ConditionSearch,
    signal?: Signal,
  ): Promise<{ tickets: Ticket[]; total: number | undefined; assets: Assets; now: number }> {
    // `full`: the tickets with their people in assets (6.5+: record_ids and total_count; 6.4
    // ignores it and answers its own shape, which carries assets too).
    const res = await this.c.request('POST', '/tickets/search', {
      body: {
        condition: s.condition,
        sort_by: s.sortBy,
        order_by: s.orderBy,
        page: 1,
        per_page: s.perPage,
        full: true,
      },
      signal,
    });
    const n = normalizeSearch(res.body, 'Ticket', 'tickets');
    const assets = AssetsSchema.safeParse((res.body as { assets?: unknown } | null)?.assets);
    const date = Date.parse(res.headers.get('date') ?? '');
    return {
      tickets: n.records.map((r) => this.c.parse(TicketSchema, r, 'a ticket')),
      total: n.total,
      assets: assets.success && assets.data ? assets.data : {},
      now: Number.isNaN(date) ? Date.now() : date,
    };
  }

  /** The tickets of `ids` from assets, in that order; ids without a ticket asset are left out. */
  private fromAssets(ids: readonly number[], assets: Assets): Ticket[] {
    const bucket = assets['Ticket'] ?? {};
    const out: Ticket[] = [];
    for (const id of ids) {
      const raw = bucket[String(id)];
      if (raw !== undefined) out.push(this.c.parse(TicketSchema, raw, 'a ticket'));
    }
    return out;
  }
}
