/**
 * Ticket create/update semantics: name → id lookups (association_name_to_id_convert),
 * id validation, Core Workflow checks (pending_time, owner), history for every change.
 */
import { agentGroupAccess, groupAccessList } from './access.js';
import { can, type Principal } from './auth.js';
import { unprocessable } from './errors.js';
import { str } from './http.js';
import { customTicketAttributes } from './seed-attributes.js';
import type { SandboxStore } from './store.js';
import type { Json, TicketRecord, UserRecord } from './types.js';

export type TicketChanges = {
  group_id?: number;
  state_id?: number;
  priority_id?: number;
  owner_id?: number;
  customer_id?: number;
  organization_id?: number | null;
  title?: string;
  note?: string | null;
  pending_time?: string | null;
  custom: Record<string, Json>;
};

const noLookup = (key: string, value: unknown) =>
  unprocessable(`No lookup value found for '${key}': ${JSON.stringify(value)}`);
const invalidId = (key: string, value: unknown) =>
  unprocessable(
    `Invalid value for param '${key}': ${typeof value === 'string' ? value : JSON.stringify(value)}`,
  );

function parseId(key: string, value: unknown): number {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isInteger(n) || n <= 0) throw invalidId(key, value);
  return n;
}

function relation(
  store: SandboxStore,
  input: Record<string, unknown>,
  key: 'group' | 'state' | 'priority' | 'organization',
): number | undefined {
  const map =
    key === 'group'
      ? store.groups
      : key === 'state'
        ? store.states
        : key === 'priority'
          ? store.priorities
          : store.organizations;
  const name = input[key];
  if (typeof name === 'string' && name !== '') {
    const rec = store.byName(map as Map<number, { id: number; name: string }>, name);
    if (!rec) throw noLookup(key, name);
    return rec.id;
  }
  const raw = input[`${key}_id`];
  if (raw === undefined || raw === null || raw === '') return undefined;
  const id = parseId(`${key}_id`, raw);
  if (!map.has(id)) throw invalidId(`${key}_id`, raw);
  return id;
}

function person(
  store: SandboxStore,
  input: Record<string, unknown>,
  key: 'owner' | 'customer',
): number | undefined {
  const name = input[key];
  if (typeof name === 'string' && name !== '') {
    const u = store.userByLogin(name);
    if (!u) throw noLookup(key, name);
    return u.id;
  }
  const raw = input[`${key}_id`];
  if (raw === undefined || raw === null || raw === '') return undefined;
  const id = parseId(`${key}_id`, raw);
  if (!store.users.has(id)) throw invalidId(`${key}_id`, raw);
  return id;
}

/** Converts API params into validated changes. Unknown keys are dropped. */
export function resolveChanges(store: SandboxStore, input: Record<string, unknown>): TicketChanges {
  const c: TicketChanges = { custom: {} };
  const group = relation(store, input, 'group');
  if (group !== undefined) c.group_id = group;
  const state = relation(store, input, 'state');
  if (state !== undefined) c.state_id = state;
  const priority = relation(store, input, 'priority');
  if (priority !== undefined) c.priority_id = priority;
  const org = relation(store, input, 'organization');
  if (org !== undefined) c.organization_id = org;
  const owner = person(store, input, 'owner');
  if (owner !== undefined) c.owner_id = owner;
  const customer = person(store, input, 'customer');
  if (customer !== undefined) c.customer_id = customer;
  const title = str(input['title']);
  if (title !== undefined) c.title = title;
  if (input['note'] !== undefined) c.note = str(input['note']) ?? null;
  if (input['pending_time'] !== undefined) {
    const raw = input['pending_time'];
    if (raw === null || raw === '') c.pending_time = null;
    else {
      const ms = Date.parse(String(raw));
      if (Number.isNaN(ms)) throw unprocessable(`Invalid value for param 'pending_time': ${String(raw)}`);
      c.pending_time = new Date(ms).toISOString();
    }
  }
  for (const a of customTicketAttributes(store)) {
    const v = input[a.name];
    const scalar = (x: unknown): boolean => ['string', 'number', 'boolean'].includes(typeof x);
    // a multiselect's value is a list of option keys
    if (v !== undefined && (v === null || scalar(v) || (Array.isArray(v) && v.every(scalar))))
      c.custom[a.name] = v as Json;
  }
  return c;
}

/** An owner must be an agent with full access to the ticket's group (or the system user 1). */
export function checkOwner(store: SandboxStore, ownerId: number, groupId: number): void {
  if (ownerId === 1) return;
  const u = store.user(ownerId);
  const isAgent = store.userExtras.get(ownerId)?.role_ids.includes(2) === true;
  if (!u || !u.active || !isAgent || !groupAccessList(store, u, groupId).includes('full')) {
    throw unprocessable(`Invalid value '${ownerId}' for field 'owner_id'!`);
  }
}

export function checkPending(store: SandboxStore, stateId: number, pendingTime: string | null): void {
  const type = store.states.get(stateId)?.state_type_id;
  if ((type === 3 || type === 4) && pendingTime === null)
    throw unprocessable("Missing required value for field 'pending_time'!");
}

function nameOf(store: SandboxStore, attr: string, id: number | null): string | null {
  if (id === null) return null;
  switch (attr) {
    case 'state':
      return store.lookupName(store.states, id);
    case 'priority':
      return store.lookupName(store.priorities, id);
    case 'group':
      return store.lookupName(store.groups, id);
    case 'organization':
      return store.lookupName(store.organizations, id);
    default: {
      const u = store.user(id);
      return u ? store.fullname(u) : null;
    }
  }
}

/** Applies changes to a ticket, writing one history row per changed attribute. */
export function applyChanges(
  store: SandboxStore,
  t: TicketRecord,
  c: TicketChanges,
  by: UserRecord,
  at: string = store.now(),
): void {
  const rel: Array<[keyof TicketChanges & keyof TicketRecord, string]> = [
    ['group_id', 'group'],
    ['state_id', 'state'],
    ['priority_id', 'priority'],
    ['owner_id', 'owner'],
    ['customer_id', 'customer'],
    ['organization_id', 'organization'],
  ];
  for (const [key, attr] of rel) {
    const next = c[key] as number | null | undefined;
    const prev = t[key] as number | null;
    if (next === undefined || next === prev) continue;
    store.addHistory({
      o_id: t.id,
      object: 'Ticket',
      type: 'updated',
      attribute: attr,
      value_from: nameOf(store, attr, prev),
      value_to: nameOf(store, attr, next),
      id_from: prev,
      id_to: next,
      created_by_id: by.id,
      created_at: at,
    });
    (t as Record<string, unknown>)[key] = next;
    if (key === 'owner_id') t.last_owner_update_at = at;
    if (key === 'state_id' && store.states.get(next ?? 0)?.state_type_id === 5) {
      t.close_at ??= at;
      t.last_close_at = at;
    }
  }
  for (const key of ['title', 'note', 'pending_time'] as const) {
    const next = c[key];
    if (next === undefined || next === t[key]) continue;
    store.addHistory({
      o_id: t.id,
      object: 'Ticket',
      type: 'updated',
      attribute: key,
      value_from: t[key],
      value_to: next,
      created_by_id: by.id,
      created_at: at,
    });
    if (key === 'title') t.title = next ?? t.title;
    else t[key] = next;
  }
  for (const [key, next] of Object.entries(c.custom)) {
    if (t.custom[key] === next) continue;
    store.addHistory({
      o_id: t.id,
      object: 'Ticket',
      type: 'updated',
      attribute: key,
      value_from: t.custom[key] === null || t.custom[key] === undefined ? null : String(t.custom[key]),
      value_to: next === null ? null : String(next),
      created_by_id: by.id,
      created_at: at,
    });
    t.custom[key] = next;
  }
  const stateType = store.states.get(t.state_id)?.state_type_id;
  if (stateType !== 3 && stateType !== 4) t.pending_time = null;
  store.touchTicket(t, by.id, at);
}

/** Customers may not set owner, customer or organization; agents get everything. */
export function restrictForCustomer(store: SandboxStore, p: Principal, c: TicketChanges): void {
  if (can(store, p, 'ticket.agent')) return;
  delete c.owner_id;
  delete c.customer_id;
  delete c.organization_id;
}

export function canCreateIn(store: SandboxStore, p: Principal, groupId: number): boolean {
  if (agentGroupAccess(store, p, groupId, 'create')) return true;
  return (
    !can(store, p, 'ticket.agent') &&
    can(store, p, 'ticket.customer') &&
    store.groups.get(groupId)?.active === true
  );
}
