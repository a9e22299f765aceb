/**
 * Record-level visibility (TicketPolicy and friends). Group grants are direct:
 * a grant on `Support` does not cover `Support › 1st Level` (HasGroups#group_ids_access
 * looks up the user's own rows only).
 */
import { can, type Principal } from './auth.js';
import type { SandboxStore } from './store.js';
import type { ArticleRecord, GroupAccess, TicketRecord, UserRecord } from './types.js';

export type Access = 'read' | 'create' | 'change';

export function groupAccessList(store: SandboxStore, user: UserRecord, groupId: number): GroupAccess[] {
  return store.userExtras.get(user.id)?.group_ids[String(groupId)] ?? [];
}

export function agentGroupAccess(
  store: SandboxStore,
  p: Principal,
  groupId: number,
  access: Access,
): boolean {
  if (!can(store, p, 'ticket.agent')) return false;
  const group = store.groups.get(groupId);
  if (!group || !group.active) return false;
  const list = groupAccessList(store, p.user, groupId);
  return list.includes('full') || list.includes(access);
}

export function userOrganizationIds(store: SandboxStore, user: UserRecord): number[] {
  const extra = store.userExtras.get(user.id)?.organization_ids ?? [];
  return user.organization_id === null ? extra : [user.organization_id, ...extra];
}

export function customerAccess(store: SandboxStore, p: Principal, t: TicketRecord): boolean {
  if (!can(store, p, 'ticket.customer')) return false;
  if (t.customer_id === p.user.id) return true;
  if (t.organization_id === null) return false;
  const org = store.organizations.get(t.organization_id);
  return org?.shared === true && userOrganizationIds(store, p.user).includes(t.organization_id);
}

export const agentRead = (store: SandboxStore, p: Principal, t: TicketRecord): boolean =>
  agentGroupAccess(store, p, t.group_id, 'read');
export const agentUpdate = (store: SandboxStore, p: Principal, t: TicketRecord): boolean =>
  agentGroupAccess(store, p, t.group_id, 'change');

export function canReadTicket(store: SandboxStore, p: Principal, t: TicketRecord): boolean {
  return agentRead(store, p, t) || customerAccess(store, p, t);
}

/** TicketPolicy#update? / follow_up?: agents need change access, customers their own tickets. */
export function canUpdateTicket(store: SandboxStore, p: Principal, t: TicketRecord): boolean {
  return agentUpdate(store, p, t) || customerAccess(store, p, t);
}

/** Internal articles are for agents only: a customer (or customer-level access) never sees them. */
export function canSeeArticle(store: SandboxStore, p: Principal, t: TicketRecord, a: ArticleRecord): boolean {
  if (!canReadTicket(store, p, t)) return false;
  return !a.internal || agentRead(store, p, t);
}

/** The TicketPolicy::ReadScope: every ticket the principal may read, id ascending. */
export function readableTickets(store: SandboxStore, p: Principal): TicketRecord[] {
  return [...store.tickets.values()].filter((t) => canReadTicket(store, p, t));
}

/** UserPolicy#show?: agents and user admins see everyone; customers themselves and shared-org colleagues. */
export function canSeeUser(store: SandboxStore, p: Principal, u: UserRecord): boolean {
  if (can(store, p, 'ticket.agent') || can(store, p, 'admin.user')) return true;
  if (u.id === p.user.id) return true;
  if (!can(store, p, 'ticket.customer')) return false;
  const mine = userOrganizationIds(store, p.user);
  return userOrganizationIds(store, u).some(
    (id) => mine.includes(id) && store.organizations.get(id)?.shared === true,
  );
}
