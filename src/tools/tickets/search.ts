/**
 * search_tickets: Zammad's ticket search with exact filters, one line per ticket; rows outside the
 * data scope are left out by the scope's one filter.
 */
import { z } from 'zod';
import { defineTool } from '../define.js';
import { resolveName } from '../names.js';
import { limit, page, query, refName } from '../params.js';
import { PAGE_FIELDS, pageHeader } from '../render/format.js';
import { ticketOut, TicketOut, ticketRow } from '../render/ticket.js';
import { anyOf, combine, isoDate, range, term } from '../search-query.js';

const person = z.string().trim().min(1).max(200);

export const searchTickets = defineTool({
  name: 'search_tickets',
  title: 'Search tickets',
  description:
    'Find tickets. `query` takes Zammad search syntax (e.g. `printer AND state.name:open`); the other filters match exactly, combine with AND, and take ISO 8601 dates.',
  category: 'tickets',
  toolset: 'tickets',
  risk: 'read',
  input: z.object({
    query: query(500).optional(),
    state: refName.optional(),
    priority: refName.optional(),
    group: refName.optional(),
    owner: person.optional().describe('Login or email, or "me"'),
    customer: person.optional().describe('Login or email'),
    organization: z.string().trim().min(1).max(200).optional(),
    tag: z.string().trim().min(1).max(100).optional(),
    created_after: isoDate.optional(),
    created_before: isoDate.optional(),
    updated_after: isoDate.optional(),
    sort_by: z.enum(['created_at', 'updated_at', 'number']).default('updated_at'),
    order: z.enum(['asc', 'desc']).default('desc'),
    page,
    limit: limit(20, 100),
  }),
  output: z.object({
    tickets: z.array(TicketOut),
    ...PAGE_FIELDS,
  }),
  async handler(a, ctx) {
    const ref = await ctx.zammad.reference.get(ctx.signal);
    let owner = a.owner;
    if (owner?.toLowerCase() === 'me') owner = (await ctx.zammad.me(ctx.signal)).login ?? undefined;
    const q = combine([
      a.query,
      a.state && term('state.name', resolveName(ref.states, a.state, 'state').name),
      a.priority && term('priority.name', resolveName(ref.priorities, a.priority, 'priority').name),
      a.group && term('group.name', resolveName(ref.groups, a.group, 'group').name),
      owner && anyOf(['owner.login', 'owner.email'], owner),
      a.customer && anyOf(['customer.login', 'customer.email'], a.customer),
      a.organization && term('organization.name', a.organization),
      a.tag && term('tags', a.tag),
      a.created_after && range('created_at', '>=', a.created_after),
      a.created_before && range('created_at', '<', a.created_before),
      a.updated_after && range('updated_at', '>=', a.updated_after),
    ]);
    const r = await ctx.zammad.searchTickets(
      { query: q, page: a.page, perPage: a.limit, sortBy: a.sort_by, orderBy: a.order },
      ctx.signal,
    );
    const visible = await ctx.scope.visible(r.tickets, (t) => t.group_id);
    const tickets = visible.map((t) => ticketOut(t, { ref }));
    // Under a group scope Zammad's total counts tickets we may not show.
    const total = ctx.scope.groups ? undefined : r.total;
    const { head, meta } = pageHeader({
      noun: 'Tickets',
      page: a.page,
      limit: a.limit,
      fetched: r.tickets.length,
      shown: tickets.length,
      total,
    });
    return {
      text: [head, ...tickets.map(ticketRow)].join('\n'),
      structured: { tickets, ...meta },
    };
  },
});
