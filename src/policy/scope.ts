/**
 * Data scope: which Zammad groups this server may see and change (MCP_ALLOWED_GROUPS, subgroups included).
 * A record out of scope answers exactly like a record that does not exist, so existence does not leak.
 */
import { NotFoundError, UserInputError } from '../errors.js';
import type { ZammadClient } from '../zammad/client.js';
import type { Group } from '../zammad/schemas.js';

export type TicketRef = { ticket_id?: number | undefined; ticket_number?: string | undefined };

/** A row's group, or its list of groups (any in scope will do; an empty list means everyone). */
export type GroupOf<T> = (row: T) => number | null | undefined | readonly number[];

export const TICKET_REF_HINT =
  '`ticket_id` is the internal id; `ticket_number` is the number shown in Zammad (e.g. "31001").';

export function ticketNotFound(ref: TicketRef): NotFoundError {
  return ref.ticket_number !== undefined
    ? new NotFoundError(`Ticket number ${ref.ticket_number} not found. ${TICKET_REF_HINT}`)
    : new NotFoundError(`Ticket ${ref.ticket_id} not found. ${TICKET_REF_HINT}`);
}

export interface Scope {
  /** True when MCP_ALLOWED_GROUPS limits what the server sees. */
  readonly restricted: boolean;
  /** The allowed group names as configured (for the posture block). */
  readonly groupNames: readonly string[] | undefined;
  /** Is a ticket of this group in scope? */
  allowsGroup(groupId: number | null | undefined, signal?: AbortSignal): Promise<boolean>;
  /** The one filter of listing and search results: the rows whose group is in scope. */
  visible<T>(rows: readonly T[], groupOf: GroupOf<T>, signal?: AbortSignal): Promise<T[]>;
  /** Active groups in scope (all active groups when unrestricted). */
  activeGroups(signal?: AbortSignal): Promise<Group[]>;
}

export function validateTicketRef(ref: TicketRef): void {
  const both = ref.ticket_id !== undefined && ref.ticket_number !== undefined;
  const neither = ref.ticket_id === undefined && ref.ticket_number === undefined;
  if (both || neither) {
    throw new UserInputError(`Give exactly one of ticket_id or ticket_number. ${TICKET_REF_HINT}`);
  }
}

/** Group ids covered by the allowed names: each named group and every group below it. */
export function expandGroups(
  all: readonly Group[],
  names: readonly string[],
): { ids: Set<number>; unknown: string[] } {
  const ids = new Set<number>();
  const unknown: string[] = [];
  for (const raw of names) {
    const n = raw.trim().toLowerCase();
    const hit = all.filter((g) => g.name.toLowerCase() === n);
    if (hit.length === 0) unknown.push(raw);
    for (const g of hit) {
      const prefix = `${g.name.toLowerCase()} › `;
      for (const other of all)
        if (other.id === g.id || other.name.toLowerCase().startsWith(prefix)) ids.add(other.id);
    }
  }
  // Children by parent_id too, where names were edited out of sync.
  let grew = true;
  while (grew) {
    grew = false;
    for (const g of all) {
      if (g.parent_id && ids.has(g.parent_id) && !ids.has(g.id)) {
        ids.add(g.id);
        grew = true;
      }
    }
  }
  return { ids, unknown };
}

export function createScope(zammad: ZammadClient, groupNames: readonly string[] | undefined): Scope {
  const restricted = groupNames !== undefined && groupNames.length > 0;
  const allowedIds = async (signal?: AbortSignal): Promise<Set<number>> => {
    const ref = await zammad.reference.get(signal);
    return expandGroups(ref.groups.records, groupNames ?? []).ids;
  };
  const scope: Scope = {
    restricted,
    groupNames,
    async allowsGroup(groupId, signal) {
      if (!restricted) return true;
      if (groupId === null || groupId === undefined) return false;
      return (await allowedIds(signal)).has(groupId);
    },
    async visible(rows, groupOf, signal) {
      if (!restricted) return [...rows];
      const ids = await allowedIds(signal);
      return rows.filter((row) => {
        const g = groupOf(row);
        if (Array.isArray(g)) return g.length === 0 || g.some((x: number) => ids.has(x));
        return typeof g === 'number' && ids.has(g);
      });
    },
    async activeGroups(signal) {
      const ref = await zammad.reference.get(signal);
      const ids = restricted ? await allowedIds(signal) : undefined;
      return ref.groups.records.filter((g) => g.active !== false && (!ids || ids.has(g.id)));
    },
  };
  return scope;
}
