/**
 * Response shapes (renders_models.rb): bare columns, `attributes_with_association_ids`,
 * `attributes_with_association_names` (expand) and assets (full), per model.
 */
import { generatedBody } from './generated.js';
import type { SandboxStore } from './store.js';
import type {
  ArticleRecord,
  GroupRecord,
  Json,
  JsonObject,
  OrganizationRecord,
  PriorityRecord,
  RoleRecord,
  StateRecord,
  TicketRecord,
  UserRecord,
} from './types.js';

export const loginOf = (store: SandboxStore, id: number | null): string | null =>
  id === null ? null : (store.user(id)?.login ?? null);

// ---- tickets -------------------------------------------------------------------------------------

/** `GET /tickets/:id` — bare columns, custom attributes after them. */
export function ticketBare(t: TicketRecord): JsonObject {
  const { custom, ...columns } = t;
  return { ...columns, ...custom };
}

/**
 * `checklist_id` by version: a column of tickets from 6.5; on 6.4 a virtual attribute of the
 * association renders (ticket/checklists.rb), only while the `checklist` setting is on; before
 * 6.4 there is none.
 */
function checklistColumn(store: SandboxStore, out: JsonObject, withIds: boolean): JsonObject {
  const v = store.settings.version;
  if (v === '6.3' || (v === '6.4' && (!withIds || store.settings.checklist === false)))
    delete out['checklist_id'];
  return out;
}

/** Bare columns as the given Zammad version has them. */
export function ticketBareFor(store: SandboxStore, t: TicketRecord): JsonObject {
  return checklistColumn(store, ticketBare(t), false);
}

/** POST/PUT/search — adds association id arrays (`article_ids`, ...). */
export function ticketWithIds(store: SandboxStore, t: TicketRecord, showInternal = true): JsonObject {
  const out = checklistColumn(store, ticketBare(t), true);
  out['article_ids'] = store
    .articlesOf(t.id)
    .filter((a) => showInternal || !a.internal)
    .map((a) => a.id);
  out['ticket_time_accounting_ids'] = store.timeAccountingsOf(t.id).map((x) => x.id);
  if (store.settings.version === '7.x') {
    out['referencing_checklist_ids'] = [];
    out['ai_stored_result_ids'] = [];
  }
  return out;
}

export function ticketExpanded(store: SandboxStore, t: TicketRecord, showInternal = true): JsonObject {
  return {
    ...ticketWithIds(store, t, showInternal),
    group: store.lookupName(store.groups, t.group_id),
    organization: store.lookupName(store.organizations, t.organization_id),
    state: store.lookupName(store.states, t.state_id),
    priority: store.lookupName(store.priorities, t.priority_id),
    owner: loginOf(store, t.owner_id),
    customer: loginOf(store, t.customer_id),
    created_by: loginOf(store, t.created_by_id),
    updated_by: loginOf(store, t.updated_by_id),
    create_article_type: store.lookupName(store.articleTypes, t.create_article_type_id),
    create_article_sender: store.lookupName(store.articleSenders, t.create_article_sender_id),
  };
}

// ---- articles ------------------------------------------------------------------------------------

/** Every article endpoint: columns plus attachments, type/sender names, creators and time_unit. */
export function articleAttrs(store: SandboxStore, a: ArticleRecord): JsonObject {
  const { attachments, ...columns } = a;
  const time = store.timeAccountingsOf(a.ticket_id).filter((x) => x.ticket_article_id === a.id);
  // A generated body (hostile.ts) stands in the reply as a placeholder the sender streams out.
  const generated = generatedBody(store, a.id) as unknown as Json | undefined;
  return {
    ...columns,
    ...(generated !== undefined ? { body: generated } : {}),
    attachments: attachments.map((x) => ({
      id: x.id,
      store_file_id: x.store_file_id,
      filename: x.filename,
      size: x.size,
      preferences: x.preferences,
    })),
    type: store.lookupName(store.articleTypes, a.type_id),
    sender: store.lookupName(store.articleSenders, a.sender_id),
    created_by: loginOf(store, a.created_by_id),
    updated_by: loginOf(store, a.updated_by_id),
    time_unit: time.length === 0 ? null : time.reduce((s, x) => s + Number(x.time_unit), 0).toFixed(1),
  };
}

// ---- users, organizations, groups, roles -------------------------------------------------------

export function userAttrs(store: SandboxStore, u: UserRecord): JsonObject {
  const extra = store.userExtras.get(u.id);
  const groupIds: JsonObject = {};
  for (const [gid, access] of Object.entries(extra?.group_ids ?? {})) groupIds[gid] = access;
  return {
    ...u,
    role_ids: extra?.role_ids ?? [],
    two_factor_preference_ids: [],
    organization_ids: extra?.organization_ids ?? [],
    authorization_ids: [],
    overview_sorting_ids: [],
    group_ids: groupIds,
  };
}

export function userExpanded(store: SandboxStore, u: UserRecord): JsonObject {
  const extra = store.userExtras.get(u.id);
  const groups: JsonObject = {};
  for (const [gid, access] of Object.entries(extra?.group_ids ?? {})) {
    const name = store.groups.get(Number(gid))?.name;
    if (name) groups[name] = access;
  }
  return {
    ...userAttrs(store, u),
    roles: (extra?.role_ids ?? []).map((id) => store.roles.get(id)?.name ?? null),
    organization: store.lookupName(store.organizations, u.organization_id),
    organizations: (extra?.organization_ids ?? []).map((id) => store.lookupName(store.organizations, id)),
    groups,
    created_by: loginOf(store, u.created_by_id),
    updated_by: loginOf(store, u.updated_by_id),
  };
}

export function orgMembers(store: SandboxStore, orgId: number): number[] {
  return [...store.users.values()].filter((u) => u.organization_id === orgId).map((u) => u.id);
}

export function orgAttrs(store: SandboxStore, o: OrganizationRecord): JsonObject {
  const secondary = [...store.userExtras.entries()]
    .filter(([, e]) => e.organization_ids.includes(o.id))
    .map(([id]) => id);
  return { ...o, member_ids: orgMembers(store, o.id), secondary_member_ids: secondary };
}

export function orgExpanded(store: SandboxStore, o: OrganizationRecord): JsonObject {
  const attrs = orgAttrs(store, o);
  return {
    ...attrs,
    members: orgMembers(store, o.id).map((id) => loginOf(store, id)),
    secondary_members: (attrs['secondary_member_ids'] as number[]).map((id) => loginOf(store, id)),
    created_by: loginOf(store, o.created_by_id),
    updated_by: loginOf(store, o.updated_by_id),
  };
}

export function groupAttrs(store: SandboxStore, g: GroupRecord): JsonObject {
  const userIds = [...store.userExtras.entries()]
    .filter(([, e]) => (e.group_ids[String(g.id)] ?? []).length > 0)
    .map(([id]) => id);
  return { ...g, user_ids: userIds };
}

export function groupExpanded(store: SandboxStore, g: GroupRecord): JsonObject {
  const attrs = groupAttrs(store, g);
  return {
    ...attrs,
    users: (attrs['user_ids'] as number[]).map((id) => loginOf(store, id)),
    parent: g.parent_id === null ? null : store.lookupName(store.groups, g.parent_id),
    created_by: loginOf(store, g.created_by_id),
    updated_by: loginOf(store, g.updated_by_id),
  };
}

export function roleAttrs(_store: SandboxStore, r: RoleRecord): JsonObject {
  return { ...r, permission_ids: [], group_ids: {}, knowledge_base_permission_ids: [] };
}

export function simpleExpanded(store: SandboxStore, r: StateRecord | PriorityRecord): JsonObject {
  return { ...r, created_by: loginOf(store, r.created_by_id), updated_by: loginOf(store, r.updated_by_id) };
}

// ---- assets --------------------------------------------------------------------------------------

/** Assets keyed by model name, then by string id (ApplicationModel::CanAssets). */
export class Assets {
  readonly data: { [model: string]: { [id: string]: Json } } = {};

  constructor(
    private readonly store: SandboxStore,
    /** Whether internal article ids may be listed for a ticket (false for customer-level access). */
    private readonly showInternal: boolean | ((t: TicketRecord) => boolean) = true,
  ) {}

  private has(model: string, id: number): boolean {
    return this.data[model]?.[String(id)] !== undefined;
  }

  private put(model: string, id: number, value: JsonObject): void {
    (this.data[model] ??= {})[String(id)] = value;
  }

  ticket(t: TicketRecord): this {
    if (this.has('Ticket', t.id)) return this;
    const internal = typeof this.showInternal === 'function' ? this.showInternal(t) : this.showInternal;
    this.put('Ticket', t.id, ticketWithIds(this.store, t, internal));
    const g = this.store.groups.get(t.group_id);
    if (g) this.group(g);
    if (t.organization_id !== null) this.orgById(t.organization_id);
    for (const id of [t.owner_id, t.customer_id, t.created_by_id, t.updated_by_id]) this.userById(id);
    return this;
  }

  article(a: ArticleRecord): this {
    if (this.has('TicketArticle', a.id)) return this;
    this.put('TicketArticle', a.id, articleAttrs(this.store, a));
    for (const id of [a.created_by_id, a.updated_by_id]) this.userById(id);
    return this;
  }

  userById(id: number): this {
    const u = this.store.user(id);
    return u ? this.user(u) : this;
  }

  user(u: UserRecord): this {
    if (this.has('User', u.id)) return this;
    this.put('User', u.id, userAttrs(this.store, u));
    const extra = this.store.userExtras.get(u.id);
    for (const rid of extra?.role_ids ?? []) {
      const r = this.store.roles.get(rid);
      if (r && !this.has('Role', r.id)) this.put('Role', r.id, roleAttrs(this.store, r));
    }
    for (const oid of [
      ...(u.organization_id === null ? [] : [u.organization_id]),
      ...(extra?.organization_ids ?? []),
    ])
      this.orgById(oid);
    for (const gid of Object.keys(extra?.group_ids ?? {})) {
      const g = this.store.groups.get(Number(gid));
      if (g) this.group(g);
    }
    return this;
  }

  orgById(id: number): this {
    const o = this.store.organizations.get(id);
    if (o && !this.has('Organization', o.id)) this.put('Organization', o.id, orgAttrs(this.store, o));
    return this;
  }

  group(g: GroupRecord): this {
    if (!this.has('Group', g.id)) this.put('Group', g.id, groupAttrs(this.store, g));
    return this;
  }

  raw(model: string, id: number, value: JsonObject): this {
    this.put(model, id, value);
    return this;
  }
}
