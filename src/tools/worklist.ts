/**
 * The caller's ticket overviews (Zammad's work queues): list_overviews and get_overview_tickets.
 * Zammad evaluates overviews itself (in SQL, with or without Elasticsearch), in each overview's own
 * order; tickets outside the data scope are left out, and so are counts that would include them.
 */
import { z } from 'zod';
import { NotFoundError } from '../errors.js';
import type { Overview, OverviewTickets } from '../zammad/client.js';
import { defineTool, type ToolContext } from './define.js';
import { limit, page } from './params.js';
import { PAGE_FIELDS, pageHeader } from './render/format.js';
import { workRow, WorkTicket, workTicket } from './render/worklist.js';

const OverviewOut = z.object({ name: z.string(), link: z.string(), count: z.number().optional() });

export const listOverviews = defineTool({
  name: 'list_overviews',
  title: 'My ticket overviews',
  description: "The user's overviews (work queues) with ticket counts: where to start the day.",
  category: 'tickets',
  toolset: 'worklist',
  risk: 'read',
  input: z.object({}),
  output: z.object({ overviews: z.array(OverviewOut), counts_hidden: z.boolean().optional() }),
  // 1 request: GET /ticket_overviews.
  async handler(_a, ctx) {
    const list = await ctx.zammad.worklist.overviews(ctx.signal);
    // Zammad counts every ticket the account sees; under a group scope that would count hidden ones.
    const hide = ctx.scope.groups !== undefined;
    const overviews = list.map((o) => (hide ? { name: o.name, link: o.link } : { ...pick(o) }));
    if (overviews.length === 0)
      return { text: 'No overviews for this Zammad account.', structured: { overviews } };
    const head = hide
      ? `Overviews (${overviews.length}; counts left out: the group scope limits what is shown, get_overview_tickets counts what is in scope):`
      : `Overviews (${overviews.length}):`;
    const lines = overviews.map(
      (o) => `${o.name} (${o.link})${o.count !== undefined ? ` · ${o.count}` : ''}`,
    );
    return {
      text: [head, ...lines].join('\n'),
      structured: hide ? { overviews, counts_hidden: true } : { overviews },
    };
  },
});

const pick = (o: Overview): z.infer<typeof OverviewOut> => ({ name: o.name, link: o.link, count: o.count });

const SLUG = /^[a-z0-9_]+$/;

/**
 * The overview named by its link (1 request) or its name (2: the list, then the view). A slug that
 * is no link of the caller is looked up among the names too.
 */
async function openOverview(ctx: ToolContext, wanted: string): Promise<OverviewTickets> {
  if (SLUG.test(wanted)) {
    const r = await ctx.zammad.worklist.overviewTickets(wanted, ctx.signal);
    if (r.overview) return r;
  }
  const list = await ctx.zammad.worklist.overviews(ctx.signal);
  const w = wanted.toLowerCase();
  const hit = list.find((o) => o.link.toLowerCase() === w) ?? list.find((o) => o.name.toLowerCase() === w);
  if (!hit)
    throw new NotFoundError(
      `No overview "${wanted}" for this account. ${
        list.length
          ? `Its overviews: ${list.map((o) => `${o.name} (${o.link})`).join(', ')}.`
          : 'It has no overviews.'
      }`,
    );
  const r = await ctx.zammad.worklist.overviewTickets(hit.link, ctx.signal);
  if (!r.overview) throw new NotFoundError(`The overview "${hit.name}" is no longer available.`);
  return r;
}

export const getOverviewTickets = defineTool({
  name: 'get_overview_tickets',
  title: 'Tickets of an overview',
  description: "One overview's tickets in its own order: the queue the user works from.",
  category: 'tickets',
  toolset: 'worklist',
  risk: 'read',
  input: z.object({
    overview: z.string().trim().min(1).max(250).describe('Name or link, e.g. my_assigned'),
    page,
    limit: limit(20, 100),
  }),
  output: z.object({
    overview: z.string(),
    link: z.string(),
    tickets: z.array(WorkTicket),
    ...PAGE_FIELDS,
  }),
  // 1 request by link (GET /ticket_overviews?view=…, every ticket in one answer; pages cut here),
  // 2 by name.
  async handler(a, ctx) {
    const [r, ref] = await Promise.all([openOverview(ctx, a.overview), ctx.zammad.reference.get(ctx.signal)]);
    const overview = r.overview as { name: string; link: string };
    const visible = await ctx.scope.visible(r.tickets, (t) => t.group_id);
    const start = (a.page - 1) * a.limit;
    const rows = visible.slice(start, start + a.limit).map((t) => workTicket(t, ref, r.assets));
    // Zammad's count covers tickets past its list limit; under a scope only the visible ones count.
    const total = ctx.scope.groups !== undefined ? visible.length : Math.max(r.count, visible.length);
    const { head, meta } = pageHeader({
      noun: `Tickets of "${overview.name}"`,
      page: a.page,
      limit: a.limit,
      fetched: rows.length,
      shown: rows.length,
      total,
    });
    const beyond =
      start + rows.length >= r.tickets.length && r.count > r.tickets.length
        ? `\n(Zammad lists only the first ${r.tickets.length} of ${r.count}; search_tickets finds the rest.)`
        : '';
    const first = rows.length || a.page > 1 ? head : `No tickets in "${overview.name}".`;
    return {
      text: [first, ...rows.map((t) => workRow(t))].join('\n') + beyond,
      structured: { overview: overview.name, link: overview.link, tickets: rows, ...meta },
    };
  },
});
