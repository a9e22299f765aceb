/**
 * get_related_tickets: what else is going on around a ticket — the other open tickets of its
 * customer (`GET /ticket_related/{id}`, Zammad's sidebar) and the tickets linked to it (`GET /links`).
 * Zammad's ticket_related checks no access to the ticket itself; `/links` does, so a hidden ticket is
 * "not found" whatever ticket_related answered, and nothing of its answer is shown.
 */
import { z } from 'zod';
import { TicketSchema, type Assets, type Link, type Ticket } from '../../zammad/schemas.js';
import { defineTool } from '../define.js';
import { ticket } from '../entities.js';
import { ticketRef } from '../params.js';
import { assetUser, personShort } from '../render/people.js';
import { workRow, WorkTicket, workTicket } from '../render/worklist.js';

const LinkedOut = WorkTicket.extend({ link_type: z.string() });

function assetTicket(assets: Assets, id: number): Ticket | undefined {
  const parsed = TicketSchema.safeParse(assets['Ticket']?.[String(id)]);
  return parsed.success ? parsed.data : undefined;
}

export const getRelatedTickets = defineTool({
  name: 'get_related_tickets',
  title: 'Related tickets',
  description:
    "The customer's other open tickets and this ticket's linked ones: duplicates and context, before you answer.",
  category: 'tickets',
  toolset: 'tickets',
  risk: 'read',
  input: z.object({ ...ticketRef }),
  output: z.object({
    ticket_id: z.number(),
    customer: z.string().optional(),
    same_customer: z.array(WorkTicket),
    linked: z.array(LinkedOut),
  }),
  entities: { ticket: ticket('ref') },
  // 2 requests by ticket_id (GET /ticket_related/{id} and GET /links, at once); +1 by number or
  // under a group scope (the ticket, for its group).
  async handler(_a, ctx, { ticket: { id } }) {
    const relatedP = ctx.zammad.worklist.related(id, ctx.signal);
    const linksP = ctx.zammad.links(id, ctx.signal);
    linksP.catch(() => undefined); // awaited below, once ticket_related has answered
    // First ticket_related: a token without ticket.agent is told so (its answer does not depend on
    // the ticket). Then /links decides whether the ticket may be seen at all.
    const r = await relatedP;
    const links = await linksP;
    const names = await ctx.zammad.reference.get(ctx.signal);
    const self = assetTicket(r.assets, id);
    const customer = self ? personShort(assetUser(r.assets, self.customer_id)) : undefined;

    const same = (await ctx.scope.visible(r.tickets, (t) => t.group_id)).map((t) =>
      workTicket(t, names, r.assets),
    );
    const linkedTickets = links.links.filter((l): l is Link => l.link_object === 'Ticket');
    const withTicket = linkedTickets
      .map((l) => ({ l, t: assetTicket(links.assets, l.link_object_value) }))
      .filter((x): x is { l: Link; t: Ticket } => x.t !== undefined);
    const linked = (await ctx.scope.visible(withTicket, (x) => x.t.group_id)).map(({ l, t }) => ({
      ...workTicket(t, names, links.assets),
      link_type: l.link_type,
    }));

    const lines = [
      same.length
        ? `Other open tickets of ${customer ?? 'the customer'} (${same.length}${same.length >= 6 ? ', the 6 newest' : ''}):`
        : `No other open tickets of ${customer ?? 'the customer'}.`,
      ...same.map((t) => workRow({ ...t, customer: undefined })),
      linked.length ? `Linked tickets (${linked.length}):` : 'No linked tickets.',
      ...linked.map(({ link_type, ...t }) => workRow(t, link_type)),
    ];
    return {
      text: lines.join('\n'),
      structured: {
        ticket_id: id,
        ...(customer ? { customer } : {}),
        same_customer: same,
        linked,
      },
    };
  },
});
