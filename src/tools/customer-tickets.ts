/**
 * get_customer_tickets: a customer's tickets, newest first, with how many are open and closed.
 * One `GET /ticket_stats?user_id=` holds up to 100 open and 100 closed tickets of the customer
 * (what `tickets#ticket_customer` shows is its 15 newest of each, without totals); the totals are
 * counted here after the data scope, so a hidden ticket is neither listed nor counted.
 */
import { z } from 'zod';
import { defineTool } from './define.js';
import { person } from './entities.js';
import { limit, page } from './params.js';
import { personName } from './render/people.js';
import { workRow, WorkTicket, workTicket } from './render/worklist.js';

/** What Zammad lists of each kind (TicketStats: `limit = 100`). */
const PER_KIND = 100;

export const getCustomerTickets = defineTool({
  name: 'get_customer_tickets',
  title: "Customer's tickets",
  description:
    "A customer's tickets, newest first, with open and closed totals: their history, before you answer.",
  category: 'tickets',
  toolset: 'customers',
  risk: 'read',
  input: z.object({
    customer: z
      .union([z.number().int().min(1).max(2_147_483_647), z.string().trim().min(1).max(254)])
      .describe('User id, or exact email or login'),
    state: z.enum(['open', 'closed', 'all']).default('open'),
    page,
    limit: limit(20, 100),
  }),
  output: z.object({
    customer: z.string(),
    customer_id: z.number(),
    open: z.number(),
    closed: z.number(),
    /** True when Zammad listed its maximum of one kind, so there may be more than counted. */
    capped: z.boolean().optional(),
    tickets: z.array(WorkTicket),
    page: z.number(),
    has_more: z.boolean(),
  }),
  entities: { customer: person('customer') },
  // 2 requests: the user (GET /users/{id}, or one user search by email or login), GET /ticket_stats.
  async handler(a, ctx, { customer }) {
    const [r, ref] = await Promise.all([
      ctx.zammad.worklist.customerTickets(customer.id, ctx.signal),
      ctx.zammad.reference.get(ctx.signal),
    ]);
    const open = await ctx.scope.visible(r.open, (t) => t.group_id);
    const closed = await ctx.scope.visible(r.closed, (t) => t.group_id);
    const capped = r.open.length >= PER_KIND || r.closed.length >= PER_KIND;
    const list = (a.state === 'open' ? open : a.state === 'closed' ? closed : [...open, ...closed]).sort(
      (x, y) => Date.parse(y.created_at) - Date.parse(x.created_at) || y.id - x.id,
    );
    const start = (a.page - 1) * a.limit;
    const rows = list.slice(start, start + a.limit).map((t) => workTicket(t, ref, r.assets));
    const hasMore = start + rows.length < list.length;
    const who = personName(customer) ?? `user ${customer.id}`;
    const plus = (n: number): string => `${n}${capped && n >= PER_KIND ? '+' : ''}`;
    const head = `${who} (id ${customer.id}): ${plus(open.length)} open, ${plus(closed.length)} closed${
      capped ? ` (Zammad lists at most ${PER_KIND} of each; search_tickets finds older ones)` : ''
    }`;
    const sub = rows.length
      ? `${a.state === 'all' ? 'Tickets' : `${a.state[0]?.toUpperCase()}${a.state.slice(1)} tickets`} ${start + 1}–${start + rows.length} of ${list.length}, newest first${hasMore ? ` (more: page=${a.page + 1})` : ''}`
      : `No ${a.state === 'all' ? '' : `${a.state} `}tickets${a.page > 1 ? ` on page ${a.page}` : ''}.`;
    return {
      text: [head, sub, ...rows.map((t) => workRow({ ...t, customer: undefined }))].join('\n'),
      structured: {
        customer: who,
        customer_id: customer.id,
        open: open.length,
        closed: closed.length,
        ...(capped ? { capped } : {}),
        tickets: rows,
        page: a.page,
        has_more: hasMore,
      },
    };
  },
});
