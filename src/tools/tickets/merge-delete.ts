/**
 * What cannot be undone on tickets: merge_tickets and delete_ticket. Both are confirmed before they
 * run (the pipeline's gate shows what `preview` builds from the entities it loaded).
 */
import { z } from 'zod';
import { UserInputError } from '../../errors.js';
import { ZammadError } from '../../zammad/errors.js';
import type { Ticket } from '../../zammad/schemas.js';
import { defineTool, type ConfirmationPreview } from '../define.js';
import { ticket, ticketBy } from '../entities.js';
import { ticketId, ticketNumber, ticketRef } from '../params.js';
import { fmtDate } from '../render/format.js';
import { deleteErrors } from '../deletes.js';

function notMerged(e: ZammadError, { source, target }: { source: Ticket; target: Ticket }): ZammadError {
  const why = e.detail && e.detail.length <= 300 ? e.detail : 'Zammad gave no reason';
  return new ZammadError(
    e.kind,
    `Zammad did not merge ticket #${source.number} into #${target.number}: ${why}`,
    e.status,
    e.detail,
  );
}

const ticketIdOrNumber = z
  .union([ticketId, ticketNumber])
  .describe(
    'An integer is the internal ticket id; a string is the ticket number shown in Zammad (e.g. "31001")',
  );

function label(t: Ticket): string {
  const bits = [`id ${t.id}`, t.state, t.group, t.customer ? `customer ${t.customer}` : undefined];
  if (t.article_count !== null && t.article_count !== undefined)
    bits.push(`${t.article_count} article${t.article_count === 1 ? '' : 's'}`);
  return `#${t.number} "${t.title}" (${bits.filter(Boolean).join(', ')})`;
}

// --- merge_tickets

const mergeEnd = (which: 'Source' | 'Target') =>
  ticketBy('record', which.toLowerCase(), undefined, {
    label: `${which} ticket`,
    hint: 'In merge_tickets an integer is the internal ticket id and a string the number shown in Zammad (e.g. "31001").',
  });

function distinct(source: Ticket, target: Ticket): void {
  if (source.id === target.id)
    throw new UserInputError(
      `Source and target are the same ticket (#${source.number}): a ticket cannot be merged into itself.`,
    );
}

export const mergeTickets = defineTool({
  name: 'merge_tickets',
  title: 'Merge two tickets',
  description:
    "Merge the source ticket into the target: the source's articles, links and mentions move to the target and the source is closed as merged. Cannot be undone. " +
    'Integers are ticket ids, strings ticket numbers.',
  category: 'tickets',
  toolset: 'bulk',
  risk: 'destructive',
  input: z.object({ source: ticketIdOrNumber, target: ticketIdOrNumber }),
  output: z.object({
    source: z.object({ id: z.number(), number: z.string(), title: z.string() }),
    target: z.object({ id: z.number(), number: z.string(), title: z.string() }),
  }),
  entities: { source: mergeEnd('Source'), target: mergeEnd('Target') },
  // Preview and handler: both tickets (scope); the handler then PUT /ticket_merge/{source_id}/{target_number}.
  async preview(_a, _ctx, { source, target }): Promise<ConfirmationPreview> {
    distinct(source, target);
    return {
      summary: `Merge ticket #${source.number} "${source.title}" into #${target.number} "${target.title}"`,
      details: [
        ['Source (closed as merged)', label(source)],
        ['Target (receives the articles)', label(target)],
        [
          'Effect',
          `The articles, links and mentions of #${source.number} move to #${target.number}; #${source.number} is closed as merged. This cannot be undone.`,
        ],
      ],
    };
  },
  async handler(_a, ctx, { source, target }) {
    distinct(source, target);
    await ctx.zammad.mergeTickets(source.id, target.number, ctx.signal);
    return {
      text: `Merged ticket #${source.number} "${source.title}" into #${target.number} "${target.title}": #${source.number} is closed as merged and its articles are now on #${target.number}.`,
      structured: {
        source: { id: source.id, number: source.number, title: source.title },
        target: { id: target.id, number: target.number, title: target.title },
      },
    };
  },
  errors: {
    conflict: (e, _a, en) => notMerged(e, en),
    validation: (e, _a, en) => notMerged(e, en),
  },
});

// --- delete_ticket

export const deleteTicket = defineTool({
  name: 'delete_ticket',
  title: 'Delete a ticket',
  description:
    "Delete a ticket with all its articles, attachments, tags and links. Cannot be undone; needs Zammad's admin permission.",
  category: 'tickets',
  toolset: 'tickets',
  risk: 'destructive',
  input: z.object({ ...ticketRef }),
  output: z.object({ deleted: z.object({ id: z.number(), number: z.string(), title: z.string() }) }),
  entities: { ticket: ticket('record') },
  // Preview and handler: the ticket (scope); the handler then DELETE /tickets/{id}.
  async preview(_a, _ctx, { ticket: t }) {
    return {
      summary: `Delete ticket #${t.number} "${t.title}"`,
      details: [
        ['Ticket', label(t)],
        ['Created', fmtDate(t.created_at) ?? t.created_at],
        [
          'Effect',
          'The ticket, its articles, attachments, tags, links and time records are deleted. This cannot be undone.',
        ],
      ],
    };
  },
  async handler(_a, ctx, { ticket: t }) {
    await ctx.zammad.deleteTicket(t.id, ctx.signal);
    return {
      text: `Deleted ticket #${t.number} "${t.title}" (id ${t.id})${t.article_count ? ` with its ${t.article_count} article${t.article_count === 1 ? '' : 's'}` : ''}.`,
      structured: { deleted: { id: t.id, number: t.number, title: t.title } },
    };
  },
  errors: deleteErrors(({ ticket: t }: { ticket: Ticket }) => `ticket #${t.number}`, 'admin'),
});
