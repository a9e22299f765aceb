/** What changed on a ticket, one entry per field, as "field before → after" (update_ticket, apply_macro). */
import type { ReferenceSnapshot } from '../../zammad/reference.js';
import type { Assets, Ticket } from '../../zammad/schemas.js';
import { fmtDate } from '../render/format.js';
import { customAttributes } from '../render/ticket.js';
import { change, defined } from '../write-support.js';

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
