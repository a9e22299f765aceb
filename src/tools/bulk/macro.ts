/**
 * bulk_apply_macro: one of Zammad's macros on up to 200 tickets, confirmed once for the batch.
 *
 * Zammad's own mass macro (`POST /tickets/mass_macro`, tickets_mass_controller#macro) runs every
 * ticket of one request in a single transaction: one failing ticket rolls all of them back and the
 * answer names only that one. So each ticket gets its own request — `{macro_id, ticket_ids: [id]}`,
 * where Zammad performs the macro (Ticket#perform_changes: fields, tags, articles and
 * notifications) in one transaction for that ticket — and the result is per ticket. Requests per
 * ticket: the ticket (scope), then that one POST; GET /macros and the reference data once.
 */
import { z } from 'zod';
import { PolicyError } from '../../errors.js';
import type { ReferenceSnapshot } from '../../zammad/reference.js';
import type { Macro } from '../../zammad/schemas.js';
import { defineTool, type ToolContext } from '../define.js';
import { ticketList as listed, type ListedTicket } from '../entities.js';
import { describePerform, type PerformSummary } from '../render/macro.js';
import { findMacro } from '../tickets/macro.js';
import {
  BatchOut,
  checkList,
  entriesOf,
  itemOf,
  previewItem,
  renderResults,
  ticketList,
  type Entry,
} from './batch.js';

interface Plan {
  macro: Macro;
  does: PerformSummary;
  ref: ReferenceSnapshot;
  entries: Array<{ entry: Entry; skip: string | undefined }>;
}

async function plan(a: { macro: string }, ctx: ToolContext, list: readonly ListedTicket[]): Promise<Plan> {
  const [macros, ref] = await Promise.all([
    ctx.zammad.macros(ctx.signal),
    ctx.zammad.reference.get(ctx.signal),
  ]);
  const macro = findMacro(macros, a.macro);
  const does = describePerform(macro.perform ?? {}, ref);
  const inScope = await ctx.scope.visible(does.groupIds, (g) => g);
  if (inScope.length < does.groupIds.length)
    throw new PolicyError(
      `Macro "${macro.name}" moves tickets to a group outside this server's data scope (MCP_ALLOWED_GROUPS).`,
    );
  const groups = macro.group_ids ?? [];
  const entries = entriesOf(list, ref).map((entry) => {
    const t = entry.ticket;
    const outside = t && groups.length > 0 && !groups.includes(t.group_id ?? -1);
    return {
      entry,
      skip: entry.skip ?? (outside ? "the macro is not available in the ticket's group" : undefined),
    };
  });
  return { macro, does, ref, entries };
}

export const bulkApplyMacro = defineTool({
  name: 'bulk_apply_macro',
  title: 'Apply a macro to many tickets',
  description:
    "Run one of Zammad's macros (by name or id) on 1–200 tickets: it may change state, owner, tags and email the customer. " +
    'The user confirms the whole batch once; then one request per ticket, never retried, and a result per ticket.',
  category: 'tickets',
  toolset: 'bulk',
  risk: 'external',
  input: z.object({
    tickets: ticketList,
    macro: z.string().trim().min(1).max(200).describe('Macro name (case-insensitive) or id'),
  }),
  output: BatchOut,
  entities: { list: listed('tickets') },
  check: (a) => checkList(a.tickets),
  async preview(a, ctx, { list }) {
    const p = await plan(a, ctx, list);
    const n = p.entries.filter((e) => e.skip === undefined).length;
    return {
      summary: `Apply macro "${p.macro.name}" to ${n} of ${p.entries.length} tickets`,
      details: [
        ['Macro', `"${p.macro.name}" (id ${p.macro.id})${p.macro.note ? `: ${p.macro.note}` : ''}`],
        ['It does, to each ticket', p.does.lines.join('; ') || 'nothing Zammad reports'],
        ['Reaches customers or third parties', p.does.reachesOutside ? 'yes' : 'no'],
        ['Writes', `${n} (one request per ticket, each sent once and never retried)`],
        ['Skipped', `${p.entries.length - n} (reasons in the list)`],
      ],
      items: p.entries.map((e) => previewItem(e.entry, p.ref, e.skip)),
    };
  },
  async handler(a, ctx, { list }) {
    const p = await plan(a, ctx, list);
    const items = p.entries.map((e) => itemOf(e.entry, e.skip, undefined));
    const r = await ctx.batch.run(items, async (item, signal) => {
      await ctx.zammad.applyMacro(p.macro.id, [item.id], signal);
      return undefined;
    });
    return renderResults(`bulk_apply_macro "${p.macro.name}"`, r);
  },
});
