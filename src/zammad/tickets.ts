/** Ticket reads: one ticket, search and count, history, links and tags. */
import { z } from 'zod';
import type { Signal, ZammadCore } from './core.js';
import { apiPath } from './paths.js';
import {
  AssetsSchema,
  HistoryItemSchema,
  LinkSchema,
  TicketSchema,
  type Assets,
  type Ticket,
} from './schemas.js';
import { normalizeSearch } from './search.js';

export interface TicketSearch {
  query: string;
  page: number;
  perPage: number;
  sortBy?: string;
  orderBy?: 'asc' | 'desc';
}

// Built once: zod compiles a schema on first use, so a schema made per call costs every call.
const HistorySchema = z.object({ history: z.array(HistoryItemSchema), assets: AssetsSchema.default({}) });
const LinksSchema = z.object({ links: z.array(LinkSchema), assets: AssetsSchema.default({}) });
const TagsSchema = z.object({ tags: z.array(z.string()) });

export class TicketsApi {
  constructor(private readonly c: ZammadCore) {}

  ticket(id: number, signal?: Signal): Promise<Ticket> {
    return this.c.get(apiPath`/tickets/${id}`, TicketSchema, { query: { expand: true }, signal });
  }

  async searchTickets(
    s: TicketSearch,
    signal?: Signal,
  ): Promise<{ tickets: Ticket[]; total: number | undefined }> {
    const res = await this.c.request('GET', '/tickets/search', {
      query: {
        query: s.query,
        page: s.page,
        per_page: s.perPage,
        expand: true,
        with_total_count: true,
        sort_by: s.sortBy,
        order_by: s.orderBy,
      },
      signal,
    });
    const n = normalizeSearch(res.body, 'Ticket', 'tickets');
    return { tickets: n.records.map((r) => this.c.parse(TicketSchema, r, 'a ticket')), total: n.total };
  }

  /** Finds a ticket by its number (the one humans see). Works with and without Elasticsearch. */
  async ticketByNumber(number: string, signal?: Signal): Promise<Ticket | undefined> {
    const { tickets } = await this.searchTickets({ query: number, page: 1, perPage: 50 }, signal);
    return tickets.find((t) => t.number === number);
  }

  /** Tickets Zammad finds for `query` (search syntax), counted without loading them; undefined where the version cannot count. */
  async countTickets(query: string, signal?: Signal): Promise<number | undefined> {
    const res = await this.c.request('GET', '/tickets/search', {
      query: { query, only_total_count: true, per_page: 1 },
      signal,
    });
    const b = res.body as { total_count?: unknown } | undefined;
    return typeof b?.total_count === 'number' ? b.total_count : undefined;
  }

  history(
    ticketId: number,
    signal?: Signal,
  ): Promise<{ history: Array<z.infer<typeof HistoryItemSchema>>; assets: Assets }> {
    return this.c.get(apiPath`/ticket_history/${ticketId}`, HistorySchema, { signal });
  }

  links(
    ticketId: number,
    signal?: Signal,
  ): Promise<{ links: Array<z.infer<typeof LinkSchema>>; assets: Assets }> {
    return this.c.get('/links', LinksSchema, {
      query: { link_object: 'Ticket', link_object_value: ticketId },
      signal,
    });
  }

  async tags(ticketId: number, signal?: Signal): Promise<string[]> {
    const r = await this.c.get('/tags', TagsSchema, { query: { object: 'Ticket', o_id: ticketId }, signal });
    return r.tags;
  }
}
