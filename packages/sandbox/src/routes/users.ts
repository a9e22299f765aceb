/** /users (users_controller.rb): me, index, show, search, create, update, destroy. */
import { canSeeUser } from '../access.js';
import { can, requireAny, userHas, type Principal } from '../auth.js';
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
  toI,
  truthy,
  type Ctx,
  type Reply,
} from '../http.js';
import { Assets, userAttrs, userExpanded } from '../render.js';
import type { Route } from '../server.js';
import type { SandboxStore } from '../store.js';
import type { GroupAccess, UserRecord } from '../types.js';
import { matchUsers, queryOf, searchReply, userSearchRender } from './search.js';

const USER_COLUMNS = [
  'id',
  'organization_id',
  'login',
  'firstname',
  'lastname',
  'email',
  'phone',
  'mobile',
  'department',
  'city',
  'country',
  'vip',
  'verified',
  'active',
  'last_login',
  'created_at',
  'updated_at',
  'created_by_id',
  'updated_by_id',
];
const TEXT_FIELDS = [
  'firstname',
  'lastname',
  'email',
  'login',
  'phone',
  'mobile',
  'fax',
  'web',
  'department',
  'street',
  'zip',
  'city',
  'country',
  'address',
  'note',
] as const;

function userReply(ctx: Ctx, u: UserRecord, status = 200): Reply {
  if (flag(ctx, 'expand')) return json(userExpanded(ctx.store, u), status);
  if (flag(ctx, 'full')) return json({ id: u.id, assets: new Assets(ctx.store).user(u).data }, status);
  return json(userAttrs(ctx.store, u), status);
}

const isUserAdmin = (store: SandboxStore, p: Principal) => can(store, p, 'admin.user');

function meHandler(ctx: Ctx): Reply {
  return userReply(ctx, me(ctx).user);
}

function index(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  const page = paginate(ctx, { default: 100, max: 1000 });
  const all = can(store, p, 'ticket.agent') || isUserAdmin(store, p) ? [...store.users.values()] : [p.user];
  const list = slice(sortRecords(all, sortSpec(ctx, USER_COLUMNS, { by: 'id', order: 'asc' })), page);
  if (flag(ctx, 'expand')) return json(list.map((u) => userExpanded(store, u)));
  if (flag(ctx, 'full')) {
    const assets = new Assets(store);
    list.forEach((u) => assets.user(u));
    return json({ record_ids: list.map((u) => u.id), assets: assets.data, total_count: all.length });
  }
  return json(list.map((u) => userAttrs(store, u)));
}

function show(ctx: Ctx): Reply {
  const p = me(ctx);
  const u = find(ctx.store.users, idParam(ctx, 'id', 'User'), 'User');
  if (!canSeeUser(ctx.store, p, u)) throw notAuthorized();
  return userReply(ctx, u);
}

function search(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  requireAny(store, p, ['ticket.agent', 'admin.user']);
  const sort = sortSpec(ctx, USER_COLUMNS, { by: 'updated_at', order: 'desc' });
  let list = [...store.users.values()].filter((u) => u.id !== 1);
  const roleIds = ctx.input['role_ids'];
  if (roleIds !== undefined) {
    const wanted = (Array.isArray(roleIds) ? roleIds : [roleIds]).map((x) => toI(x));
    list = list.filter((u) => store.userExtras.get(u.id)?.role_ids.some((r) => wanted.includes(r)));
  }
  const perms = ctx.input['permissions'];
  if (perms !== undefined) {
    const wanted = (Array.isArray(perms) ? perms : [perms]).map(String);
    list = list.filter((u) => wanted.some((w) => userHas(store, u, w)));
  }
  list = sortRecords(matchUsers(ctx, list, queryOf(ctx)), sort);
  return searchReply(
    ctx,
    list,
    userSearchRender(ctx, (u) => userExpanded(store, u)),
  );
}

function validEmail(email: string): boolean {
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email);
}

function applyUserInput(ctx: Ctx, p: Principal, u: UserRecord, isCreate: boolean): void {
  const { store } = ctx;
  const input = ctx.input;
  for (const f of TEXT_FIELDS) {
    const v = input[f];
    if (v === undefined) continue;
    const s = v === null ? '' : String(v);
    if (f === 'department' || f === 'address') u[f] = v === null ? null : s;
    else u[f] = f === 'email' || f === 'login' ? s.trim().toLowerCase() : s;
  }
  if (input['vip'] !== undefined) u.vip = truthy(input['vip']);
  if (input['verified'] !== undefined) u.verified = truthy(input['verified']);
  const orgName = str(input['organization']);
  if (orgName !== undefined && orgName !== '') {
    const org = store.byName(store.organizations, orgName);
    if (!org) throw unprocessable(`No lookup value found for 'organization': ${JSON.stringify(orgName)}`);
    u.organization_id = org.id;
  } else if (input['organization_id'] !== undefined) {
    const id =
      input['organization_id'] === null || input['organization_id'] === ''
        ? null
        : toI(input['organization_id']);
    if (id !== null && !store.organizations.has(id))
      throw unprocessable(`Invalid value for param 'organization_id': ${String(input['organization_id'])}`);
    u.organization_id = id;
  }
  if (u.email !== '' && !validEmail(u.email)) throw unprocessable(`Invalid email '${u.email}'`);
  if (
    u.email !== '' &&
    [...store.users.values()].some((o) => o.id !== u.id && o.email.toLowerCase() === u.email.toLowerCase())
  ) {
    throw unprocessable(`Email address '${u.email}' is already used for another user.`);
  }
  if (isCreate && u.login === '') u.login = u.email !== '' ? u.email : `auto-${u.id}`;
  if (![u.firstname, u.lastname, u.email, u.phone, u.mobile].some((x) => x !== '')) {
    throw unprocessable(
      'At least one identifier (firstname, lastname, phone, mobile or email) for user is required.',
    );
  }
  const extra = store.userExtras.get(u.id);
  if (!extra) return;
  if (isUserAdmin(store, p)) {
    if (input['active'] !== undefined) u.active = truthy(input['active']);
    const roles = input['role_ids'] ?? input['roles'];
    if (Array.isArray(roles)) {
      extra.role_ids = roles
        .map((r) =>
          typeof r === 'string' && !/^\d+$/.test(r) ? (store.byName(store.roles, r)?.id ?? 0) : toI(r),
        )
        .filter((r) => store.roles.has(r));
    }
    const groups = input['group_ids'];
    if (groups && typeof groups === 'object' && !Array.isArray(groups)) {
      extra.group_ids = {};
      for (const [gid, access] of Object.entries(groups as Record<string, unknown>)) {
        if (store.groups.has(Number(gid)))
          extra.group_ids[gid] = (Array.isArray(access) ? access : [access]).map(String) as GroupAccess[];
      }
    }
    if (typeof input['password'] === 'string') extra.password = input['password'];
  }
}

function create(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  requireAny(store, p, ['ticket.agent', 'admin.user']);
  const base = store.user(1);
  if (!base) throw new Error('no system user');
  const at = store.now();
  const id = store.nextId('user');
  const u: UserRecord = {
    ...base,
    id,
    login: '',
    firstname: '',
    lastname: '',
    email: '',
    active: true,
    preferences: { locale: 'en-us' },
    created_by_id: p.user.id,
    updated_by_id: p.user.id,
    created_at: at,
    updated_at: at,
  };
  store.userExtras.set(id, {
    password: '',
    role_ids: [3],
    organization_ids: [],
    group_ids: {},
    two_factor: false,
  });
  try {
    applyUserInput(ctx, p, u, true);
  } catch (e) {
    store.userExtras.delete(id);
    throw e;
  }
  store.users.set(id, u);
  return userReply(ctx, u, 201);
}

function update(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  requireAny(store, p, ['ticket.agent', 'admin.user']);
  const u = find(store.users, idParam(ctx, 'id', 'User'), 'User');
  const targetIsCustomerOnly = (store.userExtras.get(u.id)?.role_ids ?? []).every((r) => r === 3);
  if (!isUserAdmin(store, p) && !targetIsCustomerOnly && u.id !== p.user.id) throw notAuthorized();
  const copy = { ...u };
  applyUserInput(ctx, p, copy, false);
  Object.assign(u, copy, { updated_at: store.now(), updated_by_id: p.user.id });
  return userReply(ctx, u);
}

function destroy(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  requireAny(store, p, ['admin.user']);
  const u = find(store.users, idParam(ctx, 'id', 'User'), 'User');
  const referenced =
    u.id === 1 ||
    [...store.tickets.values()].some(
      (t) => t.customer_id === u.id || t.owner_id === u.id || t.created_by_id === u.id,
    ) ||
    [...store.articles.values()].some((a) => a.created_by_id === u.id);
  if (referenced) throw unprocessable("Can't delete, object has references.");
  store.users.delete(u.id);
  store.userExtras.delete(u.id);
  return json({});
}

export const userRoutes: Route[] = [
  { method: 'GET', path: '/users/me', handler: meHandler },
  { method: 'GET', path: '/users/search', handler: search },
  { method: 'POST', path: '/users/search', handler: search },
  { method: 'GET', path: '/users', handler: index },
  { method: 'GET', path: '/users/:id', handler: show },
  { method: 'POST', path: '/users', handler: create },
  { method: 'PUT', path: '/users/:id', handler: update },
  { method: 'DELETE', path: '/users/:id', handler: destroy },
];
