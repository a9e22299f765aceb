/**
 * What cannot be undone: merge_tickets, delete_ticket, delete_user, delete_organization.
 * Each runs only after confirmation of what `preview` shows (server/policy gate); preview and handler make the same
 * reads (and the same checks) from fresh data.
 */
import { z } from 'zod';
import { NotFoundError, UserInputError } from '../errors.js';
import type { TicketRef } from '../policy/scope.js';
import { ZammadError } from '../zammad/errors.js';
import type { Organization, Ticket, User } from '../zammad/schemas.js';
import { defineTool, type ConfirmationPreview, type ToolContext } from './define.js';
import { recordId, ticketId, ticketNumber, ticketRef } from './params.js';
import { fmtDate } from './render/format.js';
import { roleNames } from './render/user.js';
import { fetchTicket, refOf } from './ticket-access.js';
import { requireCustomer } from './people-write.js';
import { nameOf } from './write-support.js';

const ticketIdOrNumber = z
  .union([ticketId, ticketNumber])
  .describe(
    'An integer is the internal ticket id; a string is the ticket number shown in Zammad (e.g. "31001")',
  );

function refFor(v: number | string): TicketRef {
  return typeof v === 'number' ? { ticket_id: v } : { ticket_number: v };
}

function label(t: Ticket): string {
  const bits = [`id ${t.id}`, t.state, t.group, t.customer ? `customer ${t.customer}` : undefined];
  if (t.article_count !== null && t.article_count !== undefined)
    bits.push(`${t.article_count} article${t.article_count === 1 ? '' : 's'}`);
  return `#${t.number} "${t.title}" (${bits.filter(Boolean).join(', ')})`;
}

/** Zammad's 403 on a delete, after the record was read: a missing permission, said plainly. */
function deletePermission(e: unknown, what: string, needs: string): unknown {
  if (e instanceof ZammadError && (e.kind === 'forbidden' || e.kind === 'permission'))
    return new ZammadError(
      'permission',
      `Zammad refused to delete ${what}: that needs the ${needs} permission, which this token's user lacks.`,
      e.status,
      e.detail,
    );
  if (e instanceof ZammadError && e.kind === 'validation' && /references/i.test(e.detail ?? ''))
    return new ZammadError(
      'validation',
      `Zammad refused to delete ${what}: other records (tickets, articles, users) still refer to it. Nothing was deleted.`,
      e.status,
      e.detail,
    );
  return e;
}

// --- merge_tickets

interface MergePlan {
  source: Ticket;
  target: Ticket;
}

async function planMerge(
  a: { source: number | string; target: number | string },
  ctx: ToolContext,
): Promise<MergePlan> {
  const load = async (v: number | string, which: string): Promise<Ticket> => {
    try {
      return await fetchTicket(refFor(v), ctx);
    } catch (e) {
      if (!(e instanceof NotFoundError)) throw e;
      const ref = typeof v === 'number' ? `id ${v}` : `number ${v}`;
      throw new NotFoundError(
        `${which} ticket (${ref}) not found. In merge_tickets an integer is the internal ticket id and a string the number shown in Zammad (e.g. "31001").`,
      );
    }
  };
  const source = await load(a.source, 'Source');
  const target = await load(a.target, 'Target');
  if (source.id === target.id)
    throw new UserInputError(
      `Source and target are the same ticket (#${source.number}): a ticket cannot be merged into itself.`,
    );
  return { source, target };
}

export const mergeTickets = defineTool({
  name: 'merge_tickets',
  title: 'Merge two tickets',
  description:
    "Merge the source ticket into the target: the source's articles, links and mentions move to the target and the source is closed as merged. Cannot be undone. " +
    'Confirmed before it runs: a form the user answers where the client shows one, otherwise a preview and a single-use token for confirm_action. Integers are ticket ids, strings ticket numbers.',
  category: 'tickets',
  risk: 'destructive',
  input: z.object({ source: ticketIdOrNumber, target: ticketIdOrNumber }),
  output: z.object({
    source: z.object({ id: z.number(), number: z.string(), title: z.string() }),
    target: z.object({ id: z.number(), number: z.string(), title: z.string() }),
  }),
  // Preview and handler: both tickets (scope); the handler then PUT /ticket_merge/{source_id}/{target_number}.
  async preview(a, ctx): Promise<ConfirmationPreview> {
    const { source, target } = await planMerge(a, ctx);
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
  async handler(a, ctx) {
    const { source, target } = await planMerge(a, ctx);
    try {
      await ctx.zammad.mergeTickets(source.id, target.number, ctx.signal);
    } catch (e) {
      if (e instanceof ZammadError && (e.kind === 'conflict' || e.kind === 'validation')) {
        const why = e.detail && e.detail.length <= 300 ? e.detail : 'Zammad gave no reason';
        throw new ZammadError(
          e.kind,
          `Zammad did not merge ticket #${source.number} into #${target.number}: ${why}`,
          e.status,
          e.detail,
        );
      }
      throw e;
    }
    return {
      text: `Merged ticket #${source.number} "${source.title}" into #${target.number} "${target.title}": #${source.number} is closed as merged and its articles are now on #${target.number}.`,
      structured: {
        source: { id: source.id, number: source.number, title: source.title },
        target: { id: target.id, number: target.number, title: target.title },
      },
    };
  },
});

// --- delete_ticket

export const deleteTicket = defineTool({
  name: 'delete_ticket',
  title: 'Delete a ticket',
  description:
    "Delete a ticket with all its articles, attachments, tags and links. Cannot be undone; needs Zammad's admin permission. Confirmed before it runs: a form the user answers where the client shows one, otherwise a preview and a single-use token for confirm_action.",
  category: 'tickets',
  risk: 'destructive',
  input: z.object({ ...ticketRef }),
  output: z.object({ deleted: z.object({ id: z.number(), number: z.string(), title: z.string() }) }),
  // Preview and handler: the ticket (scope); the handler then DELETE /tickets/{id}.
  async preview(a, ctx) {
    const t = await fetchTicket(refOf(a), ctx);
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
  async handler(a, ctx) {
    const t = await fetchTicket(refOf(a), ctx);
    try {
      await ctx.zammad.deleteTicket(t.id, ctx.signal);
    } catch (e) {
      throw deletePermission(e, `ticket #${t.number}`, 'admin');
    }
    return {
      text: `Deleted ticket #${t.number} "${t.title}" (id ${t.id})${t.article_count ? ` with its ${t.article_count} article${t.article_count === 1 ? '' : 's'}` : ''}.`,
      structured: { deleted: { id: t.id, number: t.number, title: t.title } },
    };
  },
});

// --- delete_user and delete_organization

async function fetchUser(id: number, ctx: ToolContext): Promise<User> {
  try {
    return await ctx.zammad.user(id, ctx.signal);
  } catch (e) {
    if (e instanceof ZammadError && (e.kind === 'not_found' || e.kind === 'forbidden'))
      throw new NotFoundError(`User ${id} not found.`);
    throw e;
  }
}

async function fetchOrganization(id: number, ctx: ToolContext): Promise<Organization> {
  let o: Organization | undefined;
  try {
    o = await ctx.zammad.findOrganization(id, ctx.signal);
  } catch (e) {
    if (!(e instanceof ZammadError && (e.kind === 'not_found' || e.kind === 'forbidden'))) throw e;
  }
  if (!o) throw new NotFoundError(`Organization ${id} not found.`);
  return o;
}

/** Tickets Zammad's search finds for a field (Elasticsearch syntax); "unknown" where it cannot say. */
async function ticketCount(
  field: 'customer_id' | 'organization_id',
  id: number,
  ctx: ToolContext,
): Promise<string> {
  const n = await ctx.zammad.countTickets(`${field}:${id}`, ctx.signal);
  return n === undefined ? 'unknown' : String(n);
}

export const deleteUser = defineTool({
  name: 'delete_user',
  title: 'Delete a customer',
  description:
    'Delete a customer account (staff accounts are refused). Zammad refuses while tickets or articles refer to the user. Cannot be undone. Confirmed before it runs: a form the user answers where the client shows one, otherwise a preview and a single-use token for confirm_action.',
  category: 'users',
  risk: 'destructive',
  input: z.object({ user_id: recordId('User') }),
  output: z.object({ deleted: z.object({ id: z.number(), name: z.string() }) }),
  // Preview: GET /users/{id} and a ticket count (GET /tickets/search). Handler: GET /users/{id}, then DELETE /users/{id}.
  async preview(a, ctx) {
    const u = await fetchUser(a.user_id, ctx);
    requireCustomer(u, 'deletes');
    const tickets = await ticketCount('customer_id', u.id, ctx);
    return {
      summary: `Delete user ${nameOf(u)} (id ${u.id})`,
      details: [
        ['User', `${nameOf(u)} (id ${u.id})${u.login && u.login !== u.email ? `, login ${u.login}` : ''}`],
        ['Roles', roleNames(u)?.join(', ') ?? 'none'],
        ['Organization', u.organization ?? 'none'],
        ['Tickets as customer', tickets],
        [
          'Effect',
          'The account is deleted (Zammad refuses while tickets or articles refer to it). This cannot be undone.',
        ],
      ],
    };
  },
  async handler(a, ctx) {
    const u = await fetchUser(a.user_id, ctx);
    requireCustomer(u, 'deletes');
    try {
      await ctx.zammad.deleteUser(u.id, ctx.signal);
    } catch (e) {
      throw deletePermission(e, `user ${nameOf(u)}`, 'admin.user');
    }
    return {
      text: `Deleted user ${nameOf(u)} (id ${u.id}).`,
      structured: { deleted: { id: u.id, name: nameOf(u) } },
    };
  },
});

export const deleteOrganization = defineTool({
  name: 'delete_organization',
  title: 'Delete an organization',
  description:
    'Delete an organization. Zammad refuses while users or tickets belong to it. Cannot be undone. Confirmed before it runs: a form the user answers where the client shows one, otherwise a preview and a single-use token for confirm_action.',
  category: 'organizations',
  risk: 'destructive',
  input: z.object({ organization_id: recordId('Organization') }),
  output: z.object({ deleted: z.object({ id: z.number(), name: z.string() }) }),
  // Preview: GET /organizations/{id} and a ticket count. Handler: GET /organizations/{id}, then DELETE.
  async preview(a, ctx) {
    const o = await fetchOrganization(a.organization_id, ctx);
    const tickets = await ticketCount('organization_id', o.id, ctx);
    return {
      summary: `Delete organization ${o.name} (id ${o.id})`,
      details: [
        ['Organization', `${o.name} (id ${o.id})${o.domain ? `, domain ${o.domain}` : ''}`],
        ['Members', String(o.member_ids?.length ?? 'unknown')],
        ['Tickets', tickets],
        [
          'Effect',
          'The organization is deleted (Zammad refuses while users or tickets belong to it). This cannot be undone.',
        ],
      ],
    };
  },
  async handler(a, ctx) {
    const o = await fetchOrganization(a.organization_id, ctx);
    try {
      await ctx.zammad.deleteOrganization(o.id, ctx.signal);
    } catch (e) {
      throw deletePermission(e, `organization ${o.name}`, 'admin.organization');
    }
    return {
      text: `Deleted organization ${o.name} (id ${o.id}).`,
      structured: { deleted: { id: o.id, name: o.name } },
    };
  },
});

export const destructiveTools = [mergeTickets, deleteTicket, deleteUser, deleteOrganization];
