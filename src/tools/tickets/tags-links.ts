/**
 * Tags and links: add_ticket_tag, remove_ticket_tag, link_tickets, unlink_tickets. Each reads the
 * current tags or links first and writes only when something changes.
 */
import { z } from 'zod';
import { UserInputError } from '../../errors.js';
import type { Ticket } from '../../zammad/schemas.js';
import { defineTool, type ToolContext } from '../define.js';
import { ticket, ticketBy } from '../entities.js';
import { ticketId, ticketNumber, ticketRef } from '../params.js';
import { tagName } from '../write-support.js';

const TagOut = z.object({
  ticket_id: z.number(),
  number: z.string(),
  tag: z.string(),
  changed: z.boolean(),
  tags: z.array(z.string()),
});

const has = (tags: string[], tag: string): string | undefined =>
  tags.find((x) => x.toLowerCase() === tag.toLowerCase());

export const addTicketTag = defineTool({
  name: 'add_ticket_tag',
  title: 'Tag a ticket',
  description:
    'Add one tag to a ticket (created in Zammad if new, where Zammad allows that). Says so when the ticket already has it.',
  category: 'tickets',
  toolset: 'tickets',
  risk: 'write',
  input: z.object({ ...ticketRef, tag: tagName }),
  output: TagOut,
  entities: { ticket: ticket('record') },
  // The ticket and GET /tags, then POST /tags/add unless the tag is there already.
  async handler(a, ctx, { ticket: t }) {
    const tags = await ctx.zammad.tags(t.id, ctx.signal);
    const present = has(tags, a.tag);
    if (present) {
      return {
        text: `Ticket #${t.number} already has tag "${present}"; nothing changed.`,
        structured: { ticket_id: t.id, number: t.number, tag: present, changed: false, tags },
      };
    }
    await ctx.zammad.addTag(t.id, a.tag, ctx.signal);
    const after = [...tags, a.tag];
    return {
      text: `Tag "${a.tag}" added to ticket #${t.number} (id ${t.id}). Tags now: ${after.join(', ')}.`,
      structured: { ticket_id: t.id, number: t.number, tag: a.tag, changed: true, tags: after },
    };
  },
});

export const removeTicketTag = defineTool({
  name: 'remove_ticket_tag',
  title: 'Remove a tag from a ticket',
  description: 'Remove one tag from a ticket. Says so when the ticket does not have it.',
  category: 'tickets',
  toolset: 'tickets',
  risk: 'write',
  input: z.object({ ...ticketRef, tag: tagName }),
  output: TagOut,
  entities: { ticket: ticket('record') },
  // The ticket and GET /tags, then DELETE /tags/remove only when the ticket has the tag.
  async handler(a, ctx, { ticket: t }) {
    const tags = await ctx.zammad.tags(t.id, ctx.signal);
    const present = has(tags, a.tag);
    if (!present) {
      return {
        text: `Ticket #${t.number} has no tag "${a.tag}"; nothing changed.${tags.length ? ` Its tags: ${tags.join(', ')}.` : ''}`,
        structured: { ticket_id: t.id, number: t.number, tag: a.tag, changed: false, tags },
      };
    }
    await ctx.zammad.removeTag(t.id, present, ctx.signal);
    const after = tags.filter((x) => x !== present);
    return {
      text: `Tag "${present}" removed from ticket #${t.number} (id ${t.id}). Tags now: ${after.length ? after.join(', ') : 'none'}.`,
      structured: { ticket_id: t.id, number: t.number, tag: present, changed: true, tags: after },
    };
  },
});

const LINK_TYPES = ['normal', 'parent', 'child'] as const;
type LinkType = (typeof LINK_TYPES)[number];

const otherRef = {
  other_ticket_id: ticketId.optional().describe("The other ticket's internal id"),
  other_ticket_number: ticketNumber.optional().describe("The other ticket's number"),
};

const LinkOut = z.object({
  ticket_id: z.number(),
  number: z.string(),
  other_ticket_id: z.number(),
  other_number: z.string(),
  link_type: z.enum(LINK_TYPES),
  changed: z.boolean(),
});

/** This ticket and the other one, loaded (scope) by the pipeline in that order. */
const bothTickets = {
  ticket: ticket('record'),
  other: ticketBy('record', 'other_ticket_id', 'other_ticket_number', { label: 'the other ticket' }),
};

function distinct(t: Ticket, other: Ticket): void {
  if (t.id === other.id)
    throw new UserInputError(`Both refer to ticket #${t.number}: a ticket cannot be linked to itself.`);
}

/** How the link reads: "#B is now the parent of #A". */
function relation(t: Ticket, other: Ticket, type: LinkType): string {
  if (type === 'normal') return `#${t.number} and #${other.number} are linked`;
  return `#${other.number} is the ${type} of #${t.number}`;
}

async function currentLink(t: Ticket, other: Ticket, ctx: ToolContext): Promise<LinkType | undefined> {
  const r = await ctx.zammad.links(t.id, ctx.signal);
  const l = r.links.find((x) => x.link_object === 'Ticket' && x.link_object_value === other.id);
  return l && (LINK_TYPES as readonly string[]).includes(l.link_type) ? (l.link_type as LinkType) : undefined;
}

export const linkTickets = defineTool({
  name: 'link_tickets',
  title: 'Link two tickets',
  description:
    'Link a ticket to another ticket. link_type says what the other ticket is to this one: parent (the other ticket is its parent), child, or normal (related). get_ticket_links shows links the same way.',
  category: 'tickets',
  toolset: 'tickets',
  risk: 'write',
  input: z.object({ ...ticketRef, ...otherRef, link_type: z.enum(LINK_TYPES).default('normal') }),
  output: LinkOut,
  // Both tickets (scope), GET /links of this ticket, then POST /links/add (the other ticket by
  // number as the source, this one by id as the target) unless the same link exists.
  entities: bothTickets,
  async handler(a, ctx, { ticket: t, other }) {
    distinct(t, other);
    const base = { ticket_id: t.id, number: t.number, other_ticket_id: other.id, other_number: other.number };
    const existing = await currentLink(t, other, ctx);
    if (existing === a.link_type) {
      return {
        text: `Already linked: ${relation(t, other, existing)}; nothing changed.`,
        structured: { ...base, link_type: existing, changed: false },
      };
    }
    await ctx.zammad.addLink(
      { linkType: a.link_type, sourceNumber: other.number, targetId: t.id },
      ctx.signal,
    );
    return {
      text: `Linked: ${relation(t, other, a.link_type)} now.${existing ? ` (They were already linked as ${existing}; that link stays.)` : ''}`,
      structured: { ...base, link_type: a.link_type, changed: true },
    };
  },
});

export const unlinkTickets = defineTool({
  name: 'unlink_tickets',
  title: 'Unlink two tickets',
  description:
    'Remove the link between two tickets. link_type (as seen from this ticket: parent, child, normal) is optional: without it, whatever link there is goes.',
  category: 'tickets',
  toolset: 'tickets',
  risk: 'write',
  input: z.object({ ...ticketRef, ...otherRef, link_type: z.enum(LINK_TYPES).optional() }),
  output: LinkOut,
  // Both tickets (scope), GET /links of this ticket, then DELETE /links/remove only when they are linked.
  entities: bothTickets,
  async handler(a, ctx, { ticket: t, other }) {
    distinct(t, other);
    const base = { ticket_id: t.id, number: t.number, other_ticket_id: other.id, other_number: other.number };
    const existing = await currentLink(t, other, ctx);
    if (!existing || (a.link_type !== undefined && existing !== a.link_type)) {
      const what = existing ? ` as ${a.link_type} (they are linked as ${existing})` : '';
      return {
        text: `Tickets #${t.number} and #${other.number} are not linked${what}; nothing changed.`,
        structured: { ...base, link_type: a.link_type ?? 'normal', changed: false },
      };
    }
    await ctx.zammad.removeLink({ linkType: existing, sourceId: other.id, targetId: t.id }, ctx.signal);
    return {
      text: `Unlinked: ${relation(t, other, existing).replace(' are linked', ' are no longer linked').replace(' is the ', ' is no longer the ')}.`,
      structured: { ...base, link_type: existing, changed: true },
    };
  },
});
