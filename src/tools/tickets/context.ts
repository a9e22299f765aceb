/**
 * Around a ticket: get_ticket_history, get_ticket_links, get_ticket_tags.
 */
import { z } from 'zod';
import { TicketSchema, type Link, type Ticket } from '../../zammad/schemas.js';
import { defineTool } from '../define.js';
import { ticket } from '../entities.js';
import { ticketRef } from '../params.js';
import { compact, fmtDate } from '../render/format.js';
import { historyActor, historyChange } from '../render/history.js';

export const getTicketHistory = defineTool({
  name: 'get_ticket_history',
  title: 'Ticket history',
  description: "A ticket's changes, newest first, with time and who.",
  category: 'tickets',
  toolset: 'tickets',
  risk: 'read',
  input: z.object({
    ...ticketRef,
    limit: z
      .number()
      .int()
      .min(1)
      .max(200)
      .default(30)
      .describe('Most recent changes to show (default 30, at most 200)'),
  }),
  output: z.object({
    ticket_id: z.number(),
    entries: z.array(z.object({ at: z.string(), by: z.string().optional(), change: z.string() })),
    total: z.number(),
  }),
  entities: { ticket: ticket('ref') },
  // 1 request by ticket_id (GET /ticket_history/{id}, which checks access); +1 by number or under a group scope.
  async handler(a, ctx, { ticket: { id } }) {
    const h = await ctx.zammad.history(id, ctx.signal);
    const items = [...h.history].sort((x, y) =>
      x.created_at === y.created_at ? (y.id ?? 0) - (x.id ?? 0) : x.created_at < y.created_at ? 1 : -1,
    );
    const shown = items.slice(0, a.limit);
    const entries = shown.map((x) =>
      compact({ at: x.created_at, by: historyActor(x, h.assets), change: historyChange(x) }),
    );
    const head =
      items.length === 0
        ? `No history for ticket ${id}.`
        : `History of ticket ${id}: ${shown.length < items.length ? `latest ${shown.length} of ${items.length} changes (limit=${Math.min(200, items.length)} for more)` : `${items.length} changes`}, newest first`;
    const lines = entries.map((e) => `${fmtDate(e.at)} ${e.by ? `${e.by}: ` : ''}${e.change}`);
    return { text: [head, ...lines].join('\n'), structured: { ticket_id: id, entries, total: items.length } };
  },
});

const LinkOut = z.object({
  link_type: z.string(),
  object: z.string(),
  id: z.number(),
  number: z.string().optional(),
  title: z.string().optional(),
  state: z.string().optional(),
  group: z.string().optional(),
});

export const getTicketLinks = defineTool({
  name: 'get_ticket_links',
  title: 'Ticket links',
  description: 'Tickets linked to a ticket, with the link type as seen from it.',
  category: 'tickets',
  toolset: 'tickets',
  risk: 'read',
  input: z.object({ ...ticketRef }),
  output: z.object({ ticket_id: z.number(), links: z.array(LinkOut) }),
  entities: { ticket: ticket('ref') },
  // 1 request by ticket_id (GET /links, which checks access to the ticket); +1 by number or under a group scope.
  async handler(_a, ctx, { ticket: { id } }) {
    const [r, names] = await Promise.all([
      ctx.zammad.links(id, ctx.signal),
      ctx.zammad.reference.get(ctx.signal),
    ]);
    const linkedTicket = (l: Link): Ticket | undefined => {
      const parsed = TicketSchema.safeParse(r.assets.Ticket?.[String(l.link_object_value)]);
      return parsed.success ? parsed.data : undefined;
    };
    // A linked ticket out of the group scope is left out, as if it did not exist.
    const shown = await ctx.scope.visible(r.links, (l) =>
      l.link_object === 'Ticket' ? (linkedTicket(l)?.group_id ?? null) : [],
    );
    const links: Array<z.infer<typeof LinkOut>> = [];
    for (const l of shown) {
      if (l.link_object !== 'Ticket') {
        links.push({ link_type: l.link_type, object: l.link_object, id: l.link_object_value });
        continue;
      }
      const t = linkedTicket(l);
      links.push(
        compact({
          link_type: l.link_type,
          object: 'Ticket',
          id: l.link_object_value,
          number: t?.number,
          title: t?.title,
          state: t ? (t.state ?? names.states.name(t.state_id)) : undefined,
          group: t ? (t.group ?? names.groups.name(t.group_id)) : undefined,
        }),
      );
    }
    const lines = links.map((l) =>
      l.object === 'Ticket'
        ? `${l.link_type} · ${l.number ? `#${l.number} ` : ''}id ${l.id}${l.state ? ` · ${l.state}` : ''}${l.group ? ` · ${l.group}` : ''}${l.title ? ` · ${l.title}` : ''}`
        : `${l.link_type} · ${l.object} ${l.id}`,
    );
    const head = links.length ? `Links of ticket ${id} (${links.length}):` : `Ticket ${id} has no links.`;
    return { text: [head, ...lines].join('\n'), structured: { ticket_id: id, links } };
  },
});

export const getTicketTags = defineTool({
  name: 'get_ticket_tags',
  title: 'Ticket tags',
  description: "A ticket's tags (search_tickets filters by `tag`).",
  category: 'tickets',
  toolset: 'tickets',
  risk: 'read',
  input: z.object({ ...ticketRef }),
  output: z.object({ ticket_id: z.number(), number: z.string(), tags: z.array(z.string()) }),
  // Zammad's GET /tags checks no access, so the ticket request (the entity) is what makes a hidden
  // or missing ticket "not found"; tags are read only once it passed. 2 requests.
  entities: { ticket: ticket('record') },
  async handler(_a, ctx, { ticket }) {
    const tags = await ctx.zammad.tags(ticket.id, ctx.signal);
    const text = tags.length
      ? `Tags of ticket #${ticket.number} (id ${ticket.id}): ${tags.join(', ')}`
      : `Ticket #${ticket.number} (id ${ticket.id}) has no tags.`;
    return { text, structured: { ticket_id: ticket.id, number: ticket.number, tags } };
  },
});
