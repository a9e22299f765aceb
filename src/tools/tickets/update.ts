/**
 * update_ticket: title, state (+ pending_time), priority, owner, group and custom fields, checked
 * before anything is sent: the ticket's group against the scope (the entity), the new group too (a
 * write cannot move a ticket out of scope), pending states against pending_time, custom fields and
 * their values against Zammad's object attributes where the token may read them (field-values.ts).
 * An internal note and time accounting go with the same PUT, as Zammad's own form sends them: the
 * time is booked on the note (tickets_controller#update → article_create with `time_unit`).
 */
import { z } from 'zod';
import { UserInputError } from '../../errors.js';
import { unlessForbidden } from '../../zammad/errors.js';
import type { Group, User } from '../../zammad/schemas.js';
import { TicketSchema } from '../../zammad/schemas.js';
import { defineTool, type ToolContext } from '../define.js';
import { ticket } from '../entities.js';
import { customFields, valueProblem, type FieldSpec } from '../field-values.js';
import { resolveName } from '../names.js';
import { refName, ticketRef } from '../params.js';
import { ticketOut, TicketOut } from '../render/ticket.js';
import {
  groupInScope,
  isoTime,
  isPending,
  messageBody,
  nameOf,
  normalizeTime,
  timeUnit,
  userByEmailOrLogin,
} from '../write-support.js';
import { ticketChanges } from './changes.js';

const attrValue = z.union([
  z.string().max(5000),
  z.number().min(-1e15).max(1e15),
  z.boolean(),
  z.null(),
  z.array(z.string().max(500)).max(50),
]);
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

/** The custom Ticket fields; undefined when the token may not read them (admin.object). */
async function ticketFields(ctx: ToolContext): Promise<FieldSpec[] | undefined> {
  // Without admin.object Zammad itself decides on the write. Cached: a warm check costs no request.
  const all = await unlessForbidden(ctx.zammad.objectAttributes(ctx.signal));
  return all ? customFields(all, 'Ticket') : undefined;
}

async function checkAttributes(attrs: Record<string, unknown>, ctx: ToolContext): Promise<void> {
  const names = Object.keys(attrs);
  const core = names.filter((n) => CORE.has(n) || /_ids?$/.test(n));
  const valid = await ticketFields(ctx);
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
  const problems = (valid ?? []).flatMap((f) => (f.name in attrs ? [valueProblem(f, attrs[f.name])] : []));
  const found = problems.filter((p) => p !== undefined);
  if (found.length > 0) throw new UserInputError(`Not changed: ${found.join(' ')}`);
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

export const updateTicket = defineTool({
  name: 'update_ticket',
  title: 'Update a ticket',
  description:
    'Change a ticket: title, state (pending states need pending_time), priority, owner (login/email of an agent of the group, or "none"), group, custom fields (attributes). ' +
    'Only the fields given change; the answer lists each change as before → after. note adds an internal note with the update, time_unit books time on it (add_time_accounting books time alone).',
  category: 'tickets',
  toolset: 'tickets',
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
    note: messageBody.optional().describe('Internal note added with the update (plain text)'),
    time_unit: timeUnit.optional().describe('Time to book on the note, e.g. "15"; needs note'),
  }),
  output: z.object({ ticket: TicketOut, changes: z.array(z.string()) }),
  entities: { ticket: ticket('record') },
  check(a) {
    const attrs = a.attributes && Object.keys(a.attributes).length > 0 ? a.attributes : undefined;
    if (a.time_unit !== undefined && a.note === undefined)
      throw new UserInputError(
        'time_unit needs note: Zammad books time with an update on the article it adds (say what the time was spent on). To book time alone, use add_time_accounting.',
      );
    if (
      [a.title, a.state, a.priority, a.owner, a.group, a.pending_time, attrs, a.note].every(
        (x) => x === undefined,
      )
    )
      throw new UserInputError(
        'Nothing to change: give at least one of title, state, priority, owner, group, pending_time, attributes or note.',
      );
  },
  // The ticket (scope check) and the reference data (cached), GET /users/search for an owner,
  // GET /object_manager_attributes for attributes (cached), then one PUT /tickets/{id} (with the
  // note and its time as `article`).
  async handler(a, ctx, { ticket: before }) {
    const attrs = a.attributes && Object.keys(a.attributes).length > 0 ? a.attributes : undefined;
    const ref = await ctx.zammad.reference.get(ctx.signal);
    const state =
      a.state !== undefined ? resolveName(ref.states, a.state, 'state') : ref.states.id(before.state_id);
    const priority =
      a.priority !== undefined ? resolveName(ref.priorities, a.priority, 'priority') : undefined;
    const group = a.group !== undefined ? await groupInScope(a.group, ctx) : ref.groups.id(before.group_id);
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
      ...(a.note !== undefined
        ? {
            article: {
              body: a.note,
              content_type: 'text/plain',
              type: 'note',
              sender: 'Agent',
              internal: true,
              ...(a.time_unit !== undefined ? { time_unit: a.time_unit } : {}),
            },
          }
        : {}),
    };
    const after = await ctx.zammad.updateTicket(before.id, body, ctx.signal);
    const changes = ticketChanges(before, after, ref);
    if (a.note !== undefined)
      changes.push(
        `internal note added${a.time_unit !== undefined ? ` with ${a.time_unit} time units booked` : ''}`,
      );
    const ticket = ticketOut(after, { ref });
    const head = `Ticket #${after.number}`;
    return {
      text: changes.length
        ? `${head}: ${changes.join('; ')}`
        : `${head}: nothing changed (it already had these values).`,
      structured: { ticket, changes },
    };
  },
  errors: {
    validation: (e, a, { ticket: before }, _config) =>
      /owner_id/.test(e.detail ?? '') && a.owner === undefined
        ? new UserInputError(
            `Zammad refused the change: the ticket's owner (${before.owner ?? `user ${before.owner_id}`}) is not an agent of group ${a.group ?? before.group ?? `group ${before.group_id}`}. Give owner (an agent of that group) or owner "none" as well.`,
          )
        : undefined,
  },
});
