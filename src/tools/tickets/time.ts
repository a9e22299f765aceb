/**
 * list_time_accounting: the time booked on a ticket, one line per entry (who, when, units, activity
 * type, the article it was booked with) and the sum. One request: the entries expanded with names.
 */
import { z } from 'zod';
import { NotFoundError } from '../../errors.js';
import { TIME_ENTRIES_PAGE } from '../../zammad/context.js';
import { defineTool } from '../define.js';
import { ticket } from '../entities.js';
import { ticketRef } from '../params.js';
import { fmtDate } from '../render/format.js';

const EntryOut = z.object({
  id: z.number(),
  at: z.string(),
  by: z.string().optional(),
  time_unit: z.number(),
  type: z.string().optional(),
  article_id: z.number().optional(),
});

/** Zammad's decimals ("15.0") as numbers; the sum rounded to the hundredths they are stored in. */
const units = (v: string | number | null | undefined): number => Number(v ?? 0) || 0;
const round = (n: number): number => Math.round(n * 100) / 100;

export const listTimeAccounting = defineTool({
  name: 'list_time_accounting',
  title: 'Time entries',
  description: 'Time booked on a ticket: each entry (who, when, units, type) and the total.',
  category: 'tickets',
  toolset: 'collaboration',
  risk: 'read',
  input: z.object({ ...ticketRef }),
  output: z.object({
    ticket_id: z.number(),
    entries: z.array(EntryOut),
    total_units: z.number(),
    count: z.number(),
    by_type: z.record(z.string(), z.number()).optional(),
  }),
  entities: { ticket: ticket('ref') },
  // 1 request by ticket_id (GET /tickets/{id}/time_accountings?expand=true, which checks access);
  // +1 by number or under a group scope.
  async handler(_a, ctx, { ticket: { id } }) {
    const list = await ctx.zammad.timeAccountings(id, ctx.signal);
    const entries = list.map((x) =>
      EntryOut.parse({
        id: x.id,
        at: x.created_at ?? '',
        ...(x.created_by ? { by: x.created_by } : {}),
        time_unit: units(x.time_unit),
        ...(x.type ? { type: x.type } : {}),
        ...(x.ticket_article_id ? { article_id: x.ticket_article_id } : {}),
      }),
    );
    const total = round(entries.reduce((n, e) => n + e.time_unit, 0));
    const byType: Record<string, number> = {};
    for (const e of entries)
      byType[e.type ?? 'no type'] = round((byType[e.type ?? 'no type'] ?? 0) + e.time_unit);
    const typed = entries.some((e) => e.type);
    const capped = list.length >= TIME_ENTRIES_PAGE ? ` (the first ${TIME_ENTRIES_PAGE} entries)` : '';
    const head =
      entries.length === 0
        ? `No time booked on ticket ${id}.`
        : `Ticket ${id}: ${total} time units in ${entries.length} entr${entries.length > 1 ? 'ies' : 'y'}${capped}` +
          (typed
            ? ` (${Object.entries(byType)
                .map(([t, n]) => `${t} ${n}`)
                .join(', ')})`
            : '') +
          ':';
    const lines = entries.map(
      (e) =>
        `- ${fmtDate(e.at) ?? e.at} ${e.by ?? 'unknown'}: ${e.time_unit}${e.type ? ` ${e.type}` : ''}${e.article_id ? ` (article ${e.article_id})` : ''}`,
    );
    return {
      text: [head, ...lines].join('\n'),
      structured: {
        ticket_id: id,
        entries,
        total_units: total,
        count: entries.length,
        ...(typed ? { by_type: byType } : {}),
      },
    };
  },
  errors: {
    // 403 and 404 answer alike: Zammad shows time entries only to agents who may change the ticket.
    hidden: (_e, a) =>
      new NotFoundError(
        `Ticket ${a.ticket_number !== undefined ? `number ${a.ticket_number}` : `id ${a.ticket_id}`} not found, or this Zammad user may only read it (Zammad shows time entries to agents who may change the ticket).`,
      ),
  },
});
