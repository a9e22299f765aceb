/** /organizations (organizations_controller.rb): generic index, show, search, create, update, destroy. */
import { userOrganizationIds } from '../access.js';
import { can, requireAny, type Principal } from '../auth.js';
import { notAuthorized, unprocessable } from '../errors.js';
import {
  find,
  flag,
  idParam,
  json,
  me,
  paginate,
  slice,
  sortRecords,
  sortSpec,
  str,
  truthy,
  type Ctx,
  type Reply,
} from '../http.js';
import { Assets, orgAttrs, orgExpanded } from '../render.js';
import type { Route } from '../server.js';
import type { SandboxStore } from '../store.js';
import type { OrganizationRecord } from '../types.js';
import { matchOrganizations, orgSearchRender, queryOf, searchReply } from './search.js';

const ORG_COLUMNS = [
  'id',
  'name',
  'shared',
  'domain',
  'domain_assignment',
  'active',
  'vip',
  'note',
  'created_at',
  'updated_at',
  'created_by_id',
  'updated_by_id',
];

const seesAll = (store: SandboxStore, p: Principal) =>
  can(store, p, 'ticket.agent') || can(store, p, 'admin.organization');

function orgReply(ctx: Ctx, o: OrganizationRecord, status = 200): Reply {
  if (flag(ctx, 'expand')) return json(orgExpanded(ctx.store, o), status);
  if (flag(ctx, 'full')) return json({ id: o.id, assets: new Assets(ctx.store).orgById(o.id).data }, status);
  return json(orgAttrs(ctx.store, o), status);
}

function index(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  const page = paginate(ctx, { default: 500, max: 1000 });
  const mine = userOrganizationIds(store, p.user);
  const all = [...store.organizations.values()].filter((o) => seesAll(store, p) || mine.includes(o.id));
  const list = slice(sortRecords(all, sortSpec(ctx, ORG_COLUMNS, { by: 'id', order: 'asc' })), page);
  if (flag(ctx, 'expand')) return json(list.map((o) => orgExpanded(store, o)));
  if (flag(ctx, 'full')) {
    const assets = new Assets(store);
    list.forEach((o) => assets.orgById(o.id));
    return json({ record_ids: list.map((o) => o.id), assets: assets.data, total_count: all.length });
  }
  return json(list.map((o) => orgAttrs(store, o)));
}

function show(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  const id = idParam(ctx, 'id', 'Organization');
  if (!seesAll(store, p)) {
    const mine = userOrganizationIds(store, p.user);
    // a customer without an organization gets an empty object for any organization
    if (mine.length === 0) return json({});
    if (!mine.includes(id)) throw notAuthorized();
  }
  return orgReply(ctx, find(store.organizations, id, 'Organization'));
}

function search(ctx: Ctx): Reply {
  const { store } = ctx;
  requireAny(store, me(ctx), ['ticket.agent', 'admin.organization']);
  const sort = sortSpec(ctx, ORG_COLUMNS, { by: 'updated_at', order: 'desc' });
  const list = sortRecords(matchOrganizations(ctx, [...store.organizations.values()], queryOf(ctx)), sort);
  return searchReply(
    ctx,
    list,
    orgSearchRender(ctx, (o) => orgExpanded(store, o)),
  );
}

function apply(ctx: Ctx, o: OrganizationRecord): void {
  const { store, input } = ctx;
  const name = str(input['name']);
  if (name !== undefined) o.name = name.trim();
  if (o.name === '') throw unprocessable("Name can't be blank");
  if (
    [...store.organizations.values()].some(
      (x) => x.id !== o.id && x.name.toLowerCase() === o.name.toLowerCase(),
    )
  )
    throw unprocessable('Name has already been taken');
  for (const f of ['shared', 'domain_assignment', 'active', 'vip'] as const)
    if (input[f] !== undefined) o[f] = truthy(input[f]);
  for (const f of ['domain', 'note'] as const)
    if (input[f] !== undefined) o[f] = input[f] === null ? '' : String(input[f]);
}

function create(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  requireAny(store, p, ['ticket.agent', 'admin.organization']);
  const at = store.now();
  const o: OrganizationRecord = {
    id: 0,
    name: '',
    shared: true,
    domain: '',
    domain_assignment: false,
    active: true,
    vip: false,
    note: '',
    updated_by_id: p.user.id,
    created_by_id: p.user.id,
    created_at: at,
    updated_at: at,
  };
  apply(ctx, o);
  o.id = store.nextId('organization');
  store.organizations.set(o.id, o);
  return orgReply(ctx, o, 201);
}

function update(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  requireAny(store, p, ['ticket.agent', 'admin.organization']);
  const o = find(store.organizations, idParam(ctx, 'id', 'Organization'), 'Organization');
  const copy = { ...o };
  apply(ctx, copy);
  Object.assign(o, copy, { updated_at: store.now(), updated_by_id: p.user.id });
  return orgReply(ctx, o);
}

function destroy(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  requireAny(store, p, ['ticket.agent', 'admin.organization']);
  const o = find(store.organizations, idParam(ctx, 'id', 'Organization'), 'Organization');
  const referenced =
    [...store.users.values()].some((u) => u.organization_id === o.id) ||
    [...store.tickets.values()].some((t) => t.organization_id === o.id);
  if (referenced) throw unprocessable("Can't delete, object has references.");
  store.organizations.delete(o.id);
  return json({});
}

export const organizationRoutes: Route[] = [
  { method: 'GET', path: '/organizations/search', handler: search },
  { method: 'POST', path: '/organizations/search', handler: search },
  { method: 'GET', path: '/organizations', handler: index },
  { method: 'GET', path: '/organizations/:id', handler: show },
  { method: 'POST', path: '/organizations', handler: create },
  { method: 'PUT', path: '/organizations/:id', handler: update },
  { method: 'DELETE', path: '/organizations/:id', handler: destroy },
];
