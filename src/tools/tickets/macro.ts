/**
 * apply_macro: runs one of Zammad's macros on a ticket; it may change state, owner, tags and send
 * email. Confirmed before it runs: preview and handler build the same plan from fresh reads, so what
 * runs is what was shown.
 */
import { z } from 'zod';
import { PolicyError, UserInputError } from '../../errors.js';
import { ZammadError } from '../../zammad/errors.js';
import type { ReferenceSnapshot } from '../../zammad/reference.js';
import { TicketSchema, type Macro, type Ticket } from '../../zammad/schemas.js';
import { defineTool, type ToolContext } from '../define.js';
import { ticket } from '../entities.js';
import { ticketRef } from '../params.js';
import { describePerform, type PerformSummary } from '../render/macro.js';
import { ticketOut, TicketOut } from '../render/ticket.js';
import { ticketChanges } from './changes.js';
import { ticketLabel } from './label.js';

interface MacroPlan {
  ticket: Ticket;
  macro: Macro;
  does: PerformSummary;
  ref: ReferenceSnapshot;
}

export function findMacro(macros: Macro[], wanted: string): Macro {
  const active = macros.filter((m) => m.active !== false);
  const w = wanted.trim().toLowerCase();
  const hit =
    active.find((m) => m.name.toLowerCase() === w) ??
    (/^\d+$/.test(w) ? active.find((m) => m.id === Number(w)) : undefined);
  if (!hit) {
    const names = active.slice(0, 50).map((m) => `"${m.name}"`);
    throw new UserInputError(
      `Unknown macro "${wanted}". Macros available to this token: ${names.join(', ') || 'none'}${active.length > 50 ? ', …' : ''}.`,
    );
  }
  return hit;
}

/** The macro by name or id, what it would do to the ticket, and the checks Zammad would make. */
async function planMacro(a: { macro: string }, ticket: Ticket, ctx: ToolContext): Promise<MacroPlan> {
  const [macros, ref] = await Promise.all([
    ctx.zammad.macros(ctx.signal),
    ctx.zammad.reference.get(ctx.signal),
  ]);
  const macro = findMacro(macros, a.macro);
  const groups = macro.group_ids ?? [];
  if (groups.length > 0 && !groups.includes(ticket.group_id ?? -1)) {
    throw new UserInputError(
      `Macro "${macro.name}" is limited to the groups ${groups.map((g) => ref.groups.name(g) ?? `group ${g}`).join(', ')}; ticket #${ticket.number} is in ${ticket.group ?? ref.groups.name(ticket.group_id) ?? 'another group'}.`,
    );
  }
  const does = describePerform(macro.perform ?? {}, ref);
  const inScope = await ctx.scope.visible(does.groupIds, (g) => g);
  if (inScope.length < does.groupIds.length)
    throw new PolicyError(
      `Macro "${macro.name}" would move ticket #${ticket.number} to a group outside this server's data scope (MCP_ALLOWED_GROUPS).`,
    );
  return { ticket, macro, does, ref };
}

export const applyMacro = defineTool({
  name: 'apply_macro',
  title: 'Apply a macro',
  description:
    "Run one of Zammad's macros (by name or id) on a ticket: it may change state, owner, tags and send email to the customer. The confirmation shows the user what the macro does.",
  category: 'tickets',
  toolset: 'bulk',
  risk: 'external',
  input: z.object({
    ...ticketRef,
    macro: z.string().trim().min(1).max(200).describe('Macro name (case-insensitive) or id'),
  }),
  output: z.object({
    ticket: TicketOut,
    macro: z.object({ id: z.number(), name: z.string() }),
    changes: z.array(z.string()),
  }),
  entities: { ticket: ticket('record') },
  // Preview and handler: the ticket, GET /macros and the reference data (cached); +1 by number.
  async preview(a, ctx, { ticket: t }) {
    const p = await planMacro(a, t, ctx);
    const details: Array<[string, string]> = [
      ['Ticket', ticketLabel(p.ticket, p.ref)],
      ['Macro', `"${p.macro.name}" (id ${p.macro.id})${p.macro.note ? `: ${p.macro.note}` : ''}`],
      ['It does', p.does.lines.join('; ') || 'nothing Zammad reports'],
      ['Reaches customers or third parties', p.does.reachesOutside ? 'yes' : 'no'],
    ];
    return {
      summary: `Apply macro "${p.macro.name}" to ticket #${p.ticket.number} "${p.ticket.title}"`,
      details,
    };
  },
  // The same reads, then POST /tickets/mass_macro {macro_id, ticket_ids: [id]}.
  async handler(a, ctx, { ticket: t }) {
    const p = await planMacro(a, t, ctx);
    const { assets } = await ctx.zammad.applyMacro(p.macro.id, [p.ticket.id], ctx.signal);
    const parsed = TicketSchema.safeParse(assets['Ticket']?.[String(p.ticket.id)]);
    const after = parsed.success ? parsed.data : p.ticket;
    const changes = ticketChanges(p.ticket, after, p.ref, assets);
    const ticket = ticketOut(after, { ref: p.ref, assets });
    return {
      text:
        `Macro "${p.macro.name}" applied to ticket #${p.ticket.number}: ${changes.length ? changes.join('; ') : 'no field of the ticket changed'}.` +
        (p.does.lines.length ? `\nThe macro: ${p.does.lines.join('; ')}.` : ''),
      structured: { ticket, macro: { id: p.macro.id, name: p.macro.name }, changes },
    };
  },
  errors: {
    validation: (e, a, { ticket: t }) => {
      const why = /group restrictions/i.test(e.detail ?? '')
        ? "the macro's group restrictions do not cover the ticket's group"
        : 'one of its changes is not allowed on this ticket (e.g. a pending state without a time, or an owner outside the group)';
      return new ZammadError(
        'validation',
        `Zammad refused to apply macro "${a.macro}" to ticket #${t.number}: ${why}. Nothing was changed.`,
        e.status,
        e.detail,
      );
    },
  },
});
