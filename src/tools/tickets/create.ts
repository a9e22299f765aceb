/**
 * create_ticket: a ticket for an existing customer in a group of the data scope, with an internal
 * first article (agents only).
 */
import { z } from 'zod';
import { UserInputError } from '../../errors.js';
import {
  articleAttachments,
  attachmentsLine,
  attachmentsParam,
  checkAttachments,
} from '../attachment-input.js';
import { defineTool } from '../define.js';
import { resolveName } from '../names.js';
import { refName } from '../params.js';
import { fmtDate, kv } from '../render/format.js';
import { ticketOut, TicketOut } from '../render/ticket.js';
import {
  contentType,
  groupInScope,
  isoTime,
  isPending,
  messageBody,
  nameOf,
  normalizeTime,
  prepareBody,
  subject,
  tagName,
  userByEmailOrLogin,
} from '../write-support.js';

export const createTicket = defineTool({
  name: 'create_ticket',
  title: 'Create a ticket',
  description:
    'Create a ticket for an existing customer (email or login; create_user adds new ones) in a group, with a first article that is an internal note (agents only). ' +
    'Optional: state, priority, pending_time (pending states need it), tags, attachments (on the note). A customer-visible first message is not sent here: create the ticket, then use reply_to_customer.',
  category: 'tickets',
  toolset: 'tickets',
  risk: 'write',
  input: z.object({
    title: subject.describe('Ticket title'),
    group: refName.describe('Group name, e.g. "Sales" (list_groups)'),
    customer: z.string().trim().min(1).max(254).describe('Email or login of an existing user'),
    body: messageBody.describe('The first article: an internal note'),
    content_type: contentType,
    state: refName.optional().describe('State name; default: Zammad\'s default ("new")'),
    priority: refName.optional().describe('Priority name, e.g. "3 high"'),
    pending_time: isoTime.optional().describe('Required with a pending state'),
    tags: z.array(tagName).max(20).optional(),
    attachments: attachmentsParam,
    internal: z
      .boolean()
      .default(true)
      .describe(
        'Must stay true: the first article is an internal note (reply_to_customer writes to the customer)',
      ),
  }),
  output: z.object({
    ticket: TicketOut,
    article: z.object({ internal: z.boolean(), content_type: z.string(), attachments: z.number() }),
  }),
  check(a) {
    prepareBody(a.body, a.content_type);
    checkAttachments(a.attachments);
  },
  // 2 lookups (reference data, cached; GET /users/search for the customer), then POST /tickets.
  async handler(a, ctx) {
    if (!a.internal) {
      throw new UserInputError(
        'create_ticket only writes an internal first article (internal: true). To write to the customer, create the ticket first, then send the message with reply_to_customer on the new ticket.',
      );
    }
    const prepared = prepareBody(a.body, a.content_type);
    const files = checkAttachments(a.attachments);
    const ref = await ctx.zammad.reference.get(ctx.signal);
    const group = await groupInScope(a.group, ctx);
    const state = a.state !== undefined ? resolveName(ref.states, a.state, 'state') : undefined;
    const priority =
      a.priority !== undefined ? resolveName(ref.priorities, a.priority, 'priority') : undefined;
    if (state && isPending(state) && a.pending_time === undefined)
      throw new UserInputError(
        `State "${state.name}" needs pending_time (ISO 8601, e.g. "2025-10-01T09:00:00Z").`,
      );
    if (a.pending_time !== undefined && !isPending(state))
      throw new UserInputError(
        'pending_time applies only to pending states (e.g. "pending reminder"); give state too.',
      );
    const pending = a.pending_time !== undefined ? normalizeTime(a.pending_time, 'pending_time') : undefined;
    const customer = await userByEmailOrLogin(a.customer, ctx);
    if (!customer) {
      throw new UserInputError(
        `No user with email or login "${a.customer}". Create the customer first with create_user (email, firstname, lastname), then create the ticket.`,
      );
    }
    const t = await ctx.zammad.createTicket(
      {
        title: a.title,
        group_id: group.id,
        customer_id: customer.id,
        ...(state ? { state_id: state.id } : {}),
        ...(priority ? { priority_id: priority.id } : {}),
        ...(pending ? { pending_time: pending } : {}),
        ...(a.tags?.length ? { tags: a.tags.join(',') } : {}),
        article: {
          subject: a.title,
          body: prepared.body,
          content_type: prepared.content_type,
          type: 'note',
          sender: 'Agent',
          internal: true,
          ...articleAttachments(files),
        },
      },
      ctx.signal,
    );
    const ticket = {
      ...ticketOut(t, { ref }, a.tags?.length ? a.tags : undefined),
      customer: nameOf(customer),
    };
    const lines = [
      `Created ticket #${ticket.number} (id ${ticket.id}): ${ticket.title}`,
      kv([
        ['group', ticket.group],
        ['customer', ticket.customer],
        ['state', ticket.state],
        ['priority', ticket.priority],
        ['pending until', fmtDate(pending)],
        ['tags', a.tags?.join(', ')],
      ]),
      `First article: internal note (${prepared.content_type}${prepared.removed.length ? `, cleaned: ${prepared.removed.join(', ')} removed` : ''})${files.length ? ` with ${attachmentsLine(files)}` : ''}.`,
    ];
    return {
      text: lines.join('\n'),
      structured: {
        ticket,
        article: { internal: true, content_type: prepared.content_type, attachments: files.length },
      },
    };
  },
});
