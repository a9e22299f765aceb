/**
 * bulk_update_tickets: one change (state, priority, owner, group, tags, pending time, an internal
 * note) to up to 200 tickets, confirmed once for the whole batch whatever the risk ceiling
 * (`confirm: 'always'`). Preview and handler build the same plan from fresh reads.
 *
 * Requests per ticket: the ticket (scope); GET /tags when tags are part of the change; then at most
 * one PUT /tickets/{id} carrying the fields and the note (Zammad creates the note's article in the
 * same request, tickets_controller#update), and one request per tag that actually changes —
 * Zammad's ticket update takes no tags (only create does), so each is POST /tags/add or
 * DELETE /tags/remove. A ticket that already is as asked gets no write at all.
 */
import { z } from 'zod';
import { UserInputError } from '../../errors.js';
import type { ReferenceSnapshot } from '../../zammad/reference.js';
import type { Group, State, Ticket, User } from '../../zammad/schemas.js';
import { defineTool, type ToolContext } from '../define.js';
import { ticketList as listed } from '../entities.js';
import { resolveName } from '../names.js';
import { refName } from '../params.js';
import {
  groupInScope,
  isoTime,
  isPending,
  nameOf,
  normalizeTime,
  tagName,
  userByEmailOrLogin,
} from '../write-support.js';
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

const UNASSIGNED = new Set(['none', 'nobody', 'unassigned', '-']);

const input = z.object({
  tickets: ticketList,
  state: refName.optional(),
  priority: refName.optional(),
  owner: z.string().trim().min(1).max(254).optional().describe('Login or email of an agent, or "none"'),
  group: refName.optional(),
  add_tags: z.array(tagName).min(1).max(20).optional(),
  remove_tags: z.array(tagName).min(1).max(20).optional(),
  pending_time: isoTime.optional().describe('Required with a pending state'),
  note: z.string().trim().min(1).max(5000).optional().describe('An internal note added to each ticket'),
});
type Args = z.infer<typeof input>;

/** The change, resolved once for the whole batch. */
interface Change {
  state?: State | undefined;
  priorityId?: number | undefined;
  priority?: string | undefined;
  group?: Group | undefined;
  owner?: { id: number; user: User | undefined; label: string } | undefined;
  pending?: string | undefined;
  add: string[];
  remove: string[];
  note?: string | undefined;
}

interface Write {
  body: Record<string, unknown>;
  add: string[];
  remove: string[];
}

async function resolveChange(a: Args, ctx: ToolContext, ref: ReferenceSnapshot): Promise<Change> {
  const state = a.state !== undefined ? resolveName(ref.states, a.state, 'state') : undefined;
  const priority = a.priority !== undefined ? resolveName(ref.priorities, a.priority, 'priority') : undefined;
  if (a.pending_time !== undefined && !isPending(state))
    throw new UserInputError(
      'pending_time goes with a pending state: give state as well (e.g. "pending reminder").',
    );
  if (isPending(state) && a.pending_time === undefined)
    throw new UserInputError(
      `State "${state?.name}" needs pending_time (ISO 8601, e.g. "2025-10-01T09:00:00Z"): when the reminder is due.`,
    );
  const group = a.group !== undefined ? await groupInScope(a.group, ctx) : undefined;
  let owner: Change['owner'];
  if (a.owner !== undefined) {
    if (UNASSIGNED.has(a.owner.toLowerCase())) owner = { id: 1, user: undefined, label: 'unassigned' };
    else {
      const u = await userByEmailOrLogin(a.owner, ctx);
      const isAgent = u && ((u.roles ?? []).includes('Agent') || (u.role_ids ?? []).includes(2));
      if (!u || u.active === false || !isAgent)
        throw new UserInputError(
          `No active agent with email or login "${a.owner}" (owner). search_users finds agents by name.`,
        );
      owner = { id: u.id, user: u, label: nameOf(u) };
    }
  }
  return {
    state,
    priorityId: priority?.id,
    priority: priority?.name,
    group,
    owner,
    pending: a.pending_time !== undefined ? normalizeTime(a.pending_time, 'pending_time') : undefined,
    add: a.add_tags ?? [],
    remove: a.remove_tags ?? [],
    note: a.note,
  };
}

function describeChange(c: Change): string {
  const parts: string[] = [];
  if (c.state) parts.push(`state → ${c.state.name}`);
  if (c.pending) parts.push(`pending until ${c.pending}`);
  if (c.priority) parts.push(`priority → ${c.priority}`);
  if (c.group) parts.push(`group → ${c.group.name}`);
  if (c.owner) parts.push(`owner → ${c.owner.label}`);
  if (c.add.length) parts.push(`adds tags ${c.add.join(', ')}`);
  if (c.remove.length) parts.push(`removes tags ${c.remove.join(', ')}`);
  if (c.note)
    parts.push(`adds an internal note: "${c.note.length > 200 ? `${c.note.slice(0, 199)}…` : c.note}"`);
  return parts.join('; ');
}

const has = (tags: readonly string[], tag: string): boolean =>
  tags.some((x) => x.toLowerCase() === tag.toLowerCase());

/** What one ticket needs, or why it needs nothing. */
function writeFor(t: Ticket, tags: readonly string[], c: Change): Write | string {
  const groupId = c.group?.id ?? t.group_id;
  if (c.owner?.user) {
    const access = c.owner.user.group_ids?.[String(groupId)] ?? [];
    if (c.owner.user.group_ids && !access.includes('full'))
      return `${c.owner.label} is not an agent of the ticket's group`;
  }
  const body: Record<string, unknown> = {};
  if (c.state && c.state.id !== t.state_id) body.state_id = c.state.id;
  if (c.pending && c.pending !== (t.pending_time ? new Date(t.pending_time).toISOString() : undefined))
    body.pending_time = c.pending;
  if (c.priorityId !== undefined && c.priorityId !== t.priority_id) body.priority_id = c.priorityId;
  if (c.group && c.group.id !== t.group_id) body.group_id = c.group.id;
  if (c.owner && c.owner.id !== t.owner_id) body.owner_id = c.owner.id;
  if (c.note)
    body.article = {
      body: c.note,
      content_type: 'text/plain',
      type: 'note',
      sender: 'Agent',
      internal: true,
    };
  const add = c.add.filter((x) => !has(tags, x));
  const remove = c.remove.filter((x) => has(tags, x));
  if (Object.keys(body).length === 0 && add.length === 0 && remove.length === 0) return 'already as asked';
  return { body, add, remove };
}

interface Plan {
  change: Change;
  ref: ReferenceSnapshot;
  entries: Array<{ entry: Entry; write: Write | undefined; skip: string | undefined }>;
}

async function plan(a: Args, ctx: ToolContext, list: Parameters<typeof entriesOf>[0]): Promise<Plan> {
  const ref = await ctx.zammad.reference.get(ctx.signal);
  const change = await resolveChange(a, ctx, ref);
  const entries = entriesOf(list, ref);
  const wantsTags = change.add.length > 0 || change.remove.length > 0;
  const tags = await Promise.all(
    entries.map((e) =>
      wantsTags && e.ticket && e.skip === undefined ? ctx.zammad.tags(e.ticket.id, ctx.signal) : [],
    ),
  );
  return {
    change,
    ref,
    entries: entries.map((entry, i) => {
      if (entry.skip !== undefined || !entry.ticket) return { entry, write: undefined, skip: entry.skip };
      const w = writeFor(entry.ticket, tags[i] ?? [], change);
      return typeof w === 'string'
        ? { entry, write: undefined, skip: w }
        : { entry, write: w, skip: undefined };
    }),
  };
}

export const bulkUpdateTickets = defineTool({
  name: 'bulk_update_tickets',
  title: 'Update many tickets',
  description:
    'Apply one change to 1–200 tickets: state (+pending_time), priority, owner, group, add_tags, remove_tags, an internal note. ' +
    'The user confirms the whole batch once; then one update per ticket, never retried, and a result per ticket (done, failed, skipped, unknown).',
  category: 'tickets',
  toolset: 'bulk',
  risk: 'write',
  confirm: 'always',
  input,
  output: BatchOut,
  entities: { list: listed('tickets') },
  check(a) {
    checkList(a.tickets);
    const nothing = [a.state, a.priority, a.owner, a.group, a.add_tags, a.remove_tags, a.note].every(
      (x) => x === undefined,
    );
    if (nothing)
      throw new UserInputError(
        'Nothing to change: give at least one of state, priority, owner, group, add_tags, remove_tags or note.',
      );
    const both = (a.add_tags ?? []).filter((t) => has(a.remove_tags ?? [], t));
    if (both.length) throw new UserInputError(`Tags both added and removed: ${both.join(', ')}.`);
  },
  async preview(a, ctx, { list }) {
    const p = await plan(a, ctx, list);
    const writes = p.entries.filter((e) => e.write);
    const tagRequests = writes.reduce(
      (n, e) => n + (e.write?.add.length ?? 0) + (e.write?.remove.length ?? 0),
      0,
    );
    const puts = writes.filter((e) => Object.keys(e.write?.body ?? {}).length > 0).length;
    return {
      summary: `Update ${writes.length} of ${p.entries.length} tickets: ${describeChange(p.change)}`,
      details: [
        ['Change', describeChange(p.change)],
        [
          'Writes',
          `${puts} ticket update${puts === 1 ? '' : 's'}${tagRequests ? ` and ${tagRequests} tag request${tagRequests === 1 ? '' : 's'}` : ''}, each sent once and never retried`,
        ],
        ['Skipped', `${p.entries.length - writes.length} (reasons in the list)`],
      ],
      items: p.entries.map((e) => previewItem(e.entry, p.ref, e.skip)),
    };
  },
  async handler(a, ctx, { list }) {
    const p = await plan(a, ctx, list);
    const items = p.entries.map((e) => itemOf(e.entry, e.skip, e.write));
    const r = await ctx.batch.run(items, async (item, signal) => {
      const w = item.value as Write;
      let saved = false;
      try {
        if (Object.keys(w.body).length > 0) {
          await ctx.zammad.updateTicket(item.id, w.body, signal);
          saved = true;
        }
        for (const tag of w.add) {
          await ctx.zammad.addTag(item.id, tag, signal);
          saved = true;
        }
        for (const tag of w.remove) {
          await ctx.zammad.removeTag(item.id, tag, signal);
          saved = true;
        }
      } catch (e) {
        // What went through before the failure is part of the ticket's result.
        if (saved && e instanceof Error)
          e.message = `partly applied (the earlier writes stand): ${e.message}`;
        throw e;
      }
      return undefined;
    });
    return renderResults('bulk_update_tickets', r);
  },
});
