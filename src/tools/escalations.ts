/**
 * list_escalations: open tickets past or near an SLA deadline, by ONE search on Zammad's escalation
 * fields (a selector condition, so it works with and without Elasticsearch). Zammad decides the
 * window on its clock; how far past or ahead is measured against the same clock (its Date header),
 * with every time read as an instant, so neither side's time zone moves a deadline.
 */
import { z } from 'zod';
import { NameIndex } from '../zammad/reference.js';
import type { Ticket } from '../zammad/schemas.js';
import { defineTool } from './define.js';
import { resolveName } from './names.js';
import { limit, refName } from './params.js';
import { DEADLINES, deadlineText, nextDeadline, workRow, WorkTicket, workTicket } from './render/worklist.js';

/** Rows asked of Zammad: enough for every escalation of a busy desk in one answer. */
const FETCH = 200;

const EscalationOut = WorkTicket.extend({
  deadline: z.enum(DEADLINES),
  due_at: z.string(),
  /** Minutes until the deadline; negative when it has passed. */
  minutes: z.number(),
});

export const listEscalations = defineTool({
  name: 'list_escalations',
  title: 'Escalations',
  description: 'Open tickets past or near an SLA deadline, soonest first: what needs attention now.',
  category: 'tickets',
  toolset: 'worklist',
  risk: 'read',
  input: z.object({
    within_hours: z.number().int().min(0).max(168).default(4).describe('Hours ahead'),
    group: refName.optional(),
    limit: limit(25, 100),
  }),
  output: z.object({
    now: z.string(),
    within_hours: z.number(),
    tickets: z.array(EscalationOut),
    total: z.number(),
    has_more: z.boolean(),
  }),
  // 1 request (POST /tickets/search with a condition); the reference data comes from the cache.
  async handler(a, ctx) {
    const ref = await ctx.zammad.reference.get(ctx.signal);
    const group = a.group
      ? resolveName(new NameIndex(await ctx.scope.activeGroups()), a.group, 'group')
      : undefined;
    // States that escalate (Zammad clears the escalation of pending, closed and merged tickets).
    const escalating = ref.states.records.filter((s) => s.ignore_escalation === false).map((s) => s.id);
    const condition: Record<string, unknown> = {
      'ticket.escalation_at': { operator: 'till (relative)', value: a.within_hours, range: 'hour' },
    };
    if (escalating.length) condition['ticket.state_id'] = { operator: 'is', value: escalating };
    if (group) condition['ticket.group_id'] = { operator: 'is', value: [group.id] };
    const r = await ctx.zammad.worklist.searchByCondition(
      { condition, sortBy: 'escalation_at', orderBy: 'asc', perPage: FETCH },
      ctx.signal,
    );
    const visible = await ctx.scope.visible(r.tickets, (t) => t.group_id);
    const rows = visible
      .map((t) => ({ t, d: nextDeadline(t) }))
      .filter((x): x is { t: Ticket; d: NonNullable<ReturnType<typeof nextDeadline>> } => x.d !== undefined)
      .sort((x, y) => x.d.at - y.d.at || x.t.id - y.t.id);
    const shown = rows.slice(0, a.limit).map(({ t, d }) => ({
      ...workTicket(t, ref, r.assets),
      deadline: d.kind,
      due_at: new Date(d.at).toISOString(),
      minutes: Math.round((d.at - r.now) / 60_000),
      lead: deadlineText(d.kind, d.at, r.now),
    }));
    // Zammad's total counts tickets outside a group scope; then only what we got counts.
    const total = ctx.scope.groups === undefined && r.total !== undefined ? r.total : rows.length;
    const hasMore = total > shown.length;
    const now = new Date(r.now).toISOString();
    const where = group ? ` in ${group.name}` : '';
    const head = shown.length
      ? `Escalations${where} (overdue or due within ${a.within_hours}h of ${now.slice(0, 16).replace('T', ' ')} UTC): ${shown.length}${hasMore ? ` of ${total} (${a.limit < 100 ? `limit=${Math.min(100, total)} for more` : 'narrow with group or within_hours for the rest'})` : ''}, soonest first`
      : `No open ticket${where} is escalated or due within ${a.within_hours}h.`;
    return {
      text: [head, ...shown.map(({ lead, ...t }) => workRow(t, lead))].join('\n'),
      structured: {
        now,
        within_hours: a.within_hours,
        tickets: shown.map(({ lead: _lead, ...t }) => t),
        total,
        has_more: hasMore,
      },
    };
  },
});
