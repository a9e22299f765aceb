/**
 * update_ticket: title, state (+ pending_time), priority, owner, group and custom fields, checked
 * before anything is sent: the ticket's group against the scope, the new group too (a write cannot
 * move a ticket out of scope), pending states against pending_time, custom fields against Zammad's
 * object attributes where the token may read them.
 */
import { z } from 'zod';
import { UserInputError } from '../errors.js';
import { ZammadError } from '../zammad/errors.js';
import type { ReferenceSnapshot } from '../zammad/reference.js';
import type { Assets, Group, ObjectAttribute, Ticket, User } from '../zammad/schemas.js';
import { TicketSchema } from '../zammad/schemas.js';
import { resolveName } from './common.js';
import { defineTool, type ToolContext } from './define.js';
import { refName, ticketRef } from './params.js';
import { fmtDate } from './render/format.js';
import { customAttributes, ticketOut, TicketOut } from './render/ticket.js';
import { fetchTicket, refOf } from './ticket-access.js';
import {
  change,
  defined,
  groupInScope,
  isoTime,
  isPending,
  nameOf,
  normalizeTime,
  userByEmailOrLogin,
} from './write-support.js';

const attrValue = z.union([z.string().max(5000), z.number().min(-1e15).max(1e15), z.boolean(), z.null()]);
const attributes = z
  .record(z.string().trim().min(1).max(100), attrValue)
  .refine((o) => Object.keys(o).length <= 30, 'at most 30 attributes')
  .describe('Custom fields by name, e.g. {"product": "printer"}');

/** Ticket columns no custom field may name: they are changed through their own parameters or not at all. */
const CORE = new Set([
  ...Object.keys(TicketSchema.shape),
  'group',
  'state',
  'priority',
  'owner',
  'customer',
  'organization',
  'article',
  'tags',
  'links',
  'mentions',
  'note',
  'type',
  'preferences',
  'checklist_id',
]);

const UNASSIGNED = new Set(['none', 'nobody', 'unassigned', '-']);

/** The editable, active custom Ticket attributes; undefined when the token may not read them. */
async function customFields(ctx: ToolContext): Promise<ObjectAttribute[] | undefined> {
  try {
    const all = await ctx.zammad.objectAttributes(ctx.signal);
    return all.filter((x) => x.object === 'Ticket' && x.active !== false && x.editable === true);
  } catch (e) {
    // Reading them needs admin.object: without it, Zammad itself decides on the write.
    if (e instanceof ZammadError && (e.kind === 'permission' || e.kind === 'forbidden')) return undefined;
    throw e;
  }
}

async function checkAttributes(attrs: Record<string, unknown>, ctx: ToolContext): Promise<void> {
  const names = Object.keys(attrs);
  const core = names.filter((n) => CORE.has(n) || /_ids?$/.test(n));
  const valid = await customFields(ctx);
  const validNames = valid?.map((x) => x.name) ?? [];
  const unknown = valid ? names.filter((n) => !validNames.includes(n)) : core;
  if (unknown.length > 0) {
    const list = valid ? (validNames.length ? validNames.join(', ') : 'none') : undefined;
    throw new UserInputError(
      `Unknown custom field${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')} in attributes.` +
        (list ? ` Valid custom fields: ${list}.` : '') +
        ' Title, state, priority, owner, group and pending_time have parameters of their own.',
    );
  }
}

/** The new owner: an active agent with full access to the group, or 1 (unassigned). */
async function resolveOwner(
  owner: string,
  group: Group,
  ctx: ToolContext,
): Promise<{ id: number; label: string }> {
  if (UNASSIGNED.has(owner.trim().toLowerCase())) return { id: 1, label: 'unassigned' };
  const u: User | undefined = await userByEmailOrLogin(owner, ctx);
  if (!u)
    throw new UserInputError(
      `No user with email or login "${owner}" (owner). search_users finds agents by name.`,
    );
  const access = u.group_ids?.[String(group.id)] ?? [];
  const isAgent = (u.roles ?? []).includes('Agent') || (u.role_ids ?? []).includes(2);
  if (u.active === false || !isAgent || (u.group_ids && !access.includes('full'))) {
    throw new UserInputError(
      `${nameOf(u)} is not an agent of group ${group.name}, so cannot own this ticket.`,
    );
  }
  return { id: u.id, label: u.login ?? u.email ?? String(u.id) };
}

function pendingLine(t: Ticket): string {
  return t.pending_time ? ` (until ${fmtDate(t.pending_time)})` : '';
}

/**
 * What changed, one entry per field, from the tickets Zammad returned before and after. Fields are
 * compared by id and named from the reference data, so an expanded ticket and a bare one compare.
 */
export function ticketChanges(
  before: Ticket,
  after: Ticket,
  ref: ReferenceSnapshot,
  assets: Assets = {},
): string[] {
  const named = (
    idOf: (t: Ticket) => number | null | undefined,
    index: { name(id: number | null | undefined): string | undefined },
    fallback: (t: Ticket) => string | null | undefined,
  ) =>
    idOf(before) === idOf(after)
      ? undefined
      : [index.name(idOf(before)) ?? fallback(before), index.name(idOf(after)) ?? fallback(after)];
  const ownerName = (t: Ticket): string => {
    if (!t.owner_id || t.owner_id === 1) return 'unassigned';
    const u = assets.User?.[String(t.owner_id)] as { login?: unknown } | undefined;
    return t.owner ?? (typeof u?.login === 'string' ? u.login : `user ${t.owner_id}`);
  };
  const line = (field: string, pair: Array<string | null | undefined> | undefined): string | undefined =>
    pair ? (change(field, pair[0], pair[1]) ?? `${field} changed`) : undefined;
  const state = line(
    'state',
    named(
      (t) => t.state_id,
      ref.states,
      (t) => t.state,
    ),
  );
  const cb = customAttributes(before);
  const ca = customAttributes(after);
  return defined([
    change('title', before.title, after.title),
    state ? `${state}${pendingLine(after)}` : undefined,
    state ? undefined : change('pending until', before.pending_time, after.pending_time, { date: true }),
    line(
      'priority',
      named(
        (t) => t.priority_id,
        ref.priorities,
        (t) => t.priority,
      ),
    ),
    line(
      'group',
      named(
        (t) => t.group_id,
        ref.groups,
        (t) => t.group,
      ),
    ),
    before.owner_id === after.owner_id ? undefined : change('owner', ownerName(before), ownerName(after)),
    ...[...new Set([...Object.keys(cb), ...Object.keys(ca)])].map((k) => change(k, cb[k], ca[k])),
  ]);
}

export const updateTicket = defineTool({
  name: 'update_ticket',
  title: 'Update a ticket',
  description:
    'Change a ticket: title, state (pending states need pending_time), priority, owner (login/email of an agent of the group, or "none"), group, custom fields (attributes). ' +
    'Only the fields given change; the answer lists each change as before → after.',
  category: 'tickets',
  risk: 'write',
  input: z.object({
    ...ticketRef,
    title: z.string().trim().min(1).max(250).optional(),
    state: refName.optional(),
    priority: refName.optional(),
    owner: z.string().trim().min(1).max(254).optional().describe('Login or email of an agent, or "none"'),
    group: refName.optional(),
    pending_time: isoTime.optional().describe('Required when the new state is a pending one'),
    attributes: attributes.optional(),
  }),
  output: z.object({ ticket: TicketOut, changes: z.array(z.string()) }),
  // The ticket (scope check) and the reference data (cached), GET /users/search for an owner,
  // GET /object_manager_attributes for attributes, then PUT /tickets/{id}.
  async handler(a, ctx) {
    const attrs = a.attributes && Object.keys(a.attributes).length > 0 ? a.attributes : undefined;
    if ([a.title, a.state, a.priority, a.owner, a.group, a.pending_time, attrs].every((x) => x === undefined))
      throw new UserInputError(
        'Nothing to change: give at least one of title, state, priority, owner, group, pending_time or attributes.',
      );
    const [before, ref] = await Promise.all([
      fetchTicket(refOf(a), ctx),
      ctx.zammad.reference.get(ctx.signal),
    ]);
    const state =
      a.state !== undefined ? resolveName(ref.states, a.state, 'state') : ref.states.id(before.state_id);
    const priority =
      a.priority !== undefined ? resolveName(ref.priorities, a.priority, 'priority') : undefined;
    const group =
      a.group !== undefined ? await groupInScope(a.group, ref, ctx) : ref.groups.id(before.group_id);
    if (isPending(state) && a.pending_time === undefined && !before.pending_time)
      throw new UserInputError(
        `State "${state?.name}" needs pending_time (ISO 8601, e.g. "2025-10-01T09:00:00Z"): when the reminder is due.`,
      );
    if (a.pending_time !== undefined && !isPending(state))
      throw new UserInputError(
        `pending_time applies only to pending states; the ticket's state would be "${state?.name ?? 'unknown'}". Give a pending state too.`,
      );
    const pending = a.pending_time !== undefined ? normalizeTime(a.pending_time, 'pending_time') : undefined;
    const owner = a.owner !== undefined && group ? await resolveOwner(a.owner, group, ctx) : undefined;
    if (a.owner !== undefined && !group)
      throw new UserInputError('The ticket has no group, so it cannot have an owner.');
    if (attrs) await checkAttributes(attrs, ctx);
    const body: Record<string, unknown> = {
      ...(attrs ?? {}),
      ...(a.title !== undefined ? { title: a.title } : {}),
      ...(a.state !== undefined && state ? { state_id: state.id } : {}),
      ...(priority ? { priority_id: priority.id } : {}),
      ...(a.group !== undefined && group ? { group_id: group.id } : {}),
      ...(owner ? { owner_id: owner.id } : {}),
      ...(pending ? { pending_time: pending } : {}),
    };
    let after: Ticket;
    try {
      after = await ctx.zammad.updateTicket(before.id, body, ctx.signal);
    } catch (e) {
      if (e instanceof ZammadError && e.kind === 'validation' && /owner_id/.test(e.detail ?? '') && !owner) {
        throw new UserInputError(
          `Zammad refused the change: the ticket's owner (${before.owner ?? `user ${before.owner_id}`}) is not an agent of group ${group?.name}. Give owner (an agent of that group) or owner "none" as well.`,
        );
      }
      throw e;
    }
    const changes = ticketChanges(before, after, ref);
    const ticket = ticketOut(after, { ref });
    const head = `Ticket #${after.number}`;
    return {
      text: changes.length
        ? `${head}: ${changes.join('; ')}`
        : `${head}: nothing changed (it already had these values).`,
      structured: { ticket, changes },
    };
  },
});
