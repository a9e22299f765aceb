/**
 * /tickets/search with the response shapes of each version (§3), the shared search
 * renderer (model_search_render) and the global /search.
 */
import { canSeeUser, readableTickets } from '../access.js';
import { can } from '../auth.js';
import {
  flag,
  json,
  me,
  paginate,
  slice,
  sortRecords,
  sortSpec,
  str,
  toI,
  type Ctx,
  type Reply,
} from '../http.js';
import { orgAttrs, ticketExpanded, ticketWithIds, userAttrs, type Assets } from '../render.js';
import { conditionFilter } from '../search-condition.js';
import {
  ORG_KINDS,
  TICKET_KINDS,
  USER_KINDS,
  orgDoc,
  orgSqlColumns,
  articlesByTicket,
  ticketDoc,
  ticketSqlColumns,
  userDoc,
  userSqlColumns,
} from '../search-docs.js';
import { esMatcher, isMatchAll, sqlMatcher } from '../search.js';
import type { Route } from '../server.js';
import type { Json, JsonObject, OrganizationRecord, TicketRecord, UserRecord } from '../types.js';
import { assetsFor, seesInternal } from './ticket-render.js';

export type SearchRender<T> = {
  render: (r: T) => JsonObject;
  expand: (r: T) => JsonObject;
  assets: (a: Assets, r: T) => void;
  label: (r: T) => { label: Json; value: Json; inactive?: boolean };
};

/** model_search_render: only_total_count, full, expand, label (term), default; 7.x `with_total_count`. */
export function searchReply<T extends { id: number }>(ctx: Ctx, list: T[], r: SearchRender<T>): Reply {
  const page = paginate(ctx, { default: 50, max: 200 });
  const items = slice(list, page);
  const total = list.length;
  const wrap = (records: Json[]): Json =>
    ctx.store.settings.version === '7.x' && flag(ctx, 'with_total_count')
      ? { records, total_count: total }
      : records;
  if (flag(ctx, 'only_total_count')) return json({ total_count: total });
  if (flag(ctx, 'full')) {
    const assets = assetsFor(ctx);
    items.forEach((x) => r.assets(assets, x));
    return json({ record_ids: items.map((x) => x.id), assets: assets.data, total_count: total });
  }
  if (flag(ctx, 'expand')) return json(wrap(items.map(r.expand)));
  if (ctx.input['label'] !== undefined || ctx.input['term'] !== undefined) {
    return json(
      wrap(
        items.map((x) => {
          const l = r.label(x);
          return ctx.input['term'] !== undefined && l.inactive !== undefined
            ? { id: x.id, label: l.label, value: l.value, inactive: l.inactive }
            : { id: x.id, label: l.label, value: l.label };
        }),
      ),
    );
  }
  return json(wrap(items.map(r.render)));
}

export const queryOf = (ctx: Ctx): string | undefined => str(ctx.input['query']) ?? str(ctx.input['term']);

export function matchTickets(ctx: Ctx, list: TicketRecord[], query: string | undefined): TicketRecord[] {
  const { store } = ctx;
  if (isMatchAll(query) || query === undefined) return list;
  if (store.settings.elasticsearch) {
    const m = esMatcher(query, TICKET_KINDS, store.clock.peekMs());
    const byTicket = articlesByTicket(store);
    return list.filter((t) => m(ticketDoc(store, t, byTicket.get(t.id) ?? [])));
  }
  const m = sqlMatcher(query);
  const byTicket = articlesByTicket(store);
  return list.filter((t) => m(ticketSqlColumns(t, byTicket.get(t.id) ?? [])));
}

export function matchUsers(ctx: Ctx, list: UserRecord[], query: string | undefined): UserRecord[] {
  if (isMatchAll(query) || query === undefined) return list;
  if (ctx.store.settings.elasticsearch) {
    const m = esMatcher(query, USER_KINDS, ctx.store.clock.peekMs());
    return list.filter((u) => m(userDoc(ctx.store, u)));
  }
  const m = sqlMatcher(query);
  return list.filter((u) => m(userSqlColumns(u)));
}

export function matchOrganizations(
  ctx: Ctx,
  list: OrganizationRecord[],
  query: string | undefined,
): OrganizationRecord[] {
  if (isMatchAll(query) || query === undefined) return list;
  if (ctx.store.settings.elasticsearch) {
    const m = esMatcher(query, ORG_KINDS, ctx.store.clock.peekMs());
    return list.filter((o) => m(orgDoc(ctx.store, o)));
  }
  const m = sqlMatcher(query);
  return list.filter((o) => m(orgSqlColumns(o)));
}

const TICKET_COLUMNS = [
  'id',
  'group_id',
  'priority_id',
  'state_id',
  'organization_id',
  'number',
  'title',
  'owner_id',
  'customer_id',
  'note',
  'first_response_at',
  'first_response_escalation_at',
  'close_at',
  'close_escalation_at',
  'update_escalation_at',
  'last_close_at',
  'last_contact_at',
  'last_contact_agent_at',
  'last_contact_customer_at',
  'last_owner_update_at',
  'create_article_type_id',
  'create_article_sender_id',
  'article_count',
  'escalation_at',
  'pending_time',
  'type',
  'time_unit',
  'updated_by_id',
  'created_by_id',
  'created_at',
  'updated_at',
  'checklist_id',
];

function ticketSearch(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  const sort = sortSpec(ctx, [...TICKET_COLUMNS, ...Object.keys(store.ticket(1)?.custom ?? {})], {
    by: 'updated_at',
    order: 'desc',
  });
  let list = readableTickets(store, p);
  const ids = ctx.input['ids'];
  if (ids !== undefined) {
    const wanted = new Set((Array.isArray(ids) ? ids : String(ids).split(',')).map((x) => toI(x)));
    list = list.filter((t) => wanted.has(t.id));
  }
  const cond = conditionFilter(store, ctx.input['condition']);
  if (cond) list = list.filter(cond);
  list = matchTickets(ctx, list, queryOf(ctx));
  const sorted = sortRecords(
    list.map((t) => ({ ...t, ...t.custom })),
    sort,
  ).map((x) => store.ticket(x.id) as TicketRecord);
  const internal = (t: TicketRecord) => seesInternal(store, p, t);

  if (store.settings.version === '6.4' || store.settings.version === '6.3') {
    const page = paginate(ctx, { default: 50, max: 200 });
    const items = slice(sorted, page);
    if (flag(ctx, 'expand')) return json(items.map((t) => ticketExpanded(store, t, internal(t))));
    const assets = assetsFor(ctx);
    items.forEach((t) => assets.ticket(t));
    return json({ tickets: items.map((t) => t.id), tickets_count: items.length, assets: assets.data });
  }
  return searchReply(ctx, sorted, {
    render: (t) => ticketWithIds(store, t, internal(t)),
    expand: (t) => ticketExpanded(store, t, internal(t)),
    assets: (a, t) => void a.ticket(t),
    label: (t) => ({ label: t.id, value: t.id }),
  });
}

/** GET /search?query=&limit= (and /search/Ticket-User): `{assets, result:[{type,id}]}` or `by_object`. */
function globalSearch(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  const query = queryOf(ctx) ?? '';
  const limit = Math.max(0, Math.min(toI(ctx.input['limit'] ?? 10) || 10, 200));
  const wanted = (ctx.params['objects'] ?? 'Ticket-User-Organization').split('-');
  const assets = assetsFor(ctx);
  const byObject: Record<string, { object_ids: number[]; total_count: number }> = {};
  const result: Array<{ type: string; id: number }> = [];
  const isAgent = can(store, p, 'ticket.agent');
  if (wanted.includes('Ticket')) {
    const list = sortRecords(matchTickets(ctx, readableTickets(store, p), query), [
      { by: 'updated_at', desc: true },
    ]);
    list.slice(0, limit).forEach((t) => assets.ticket(t));
    byObject['Ticket'] = { object_ids: list.slice(0, limit).map((t) => t.id), total_count: list.length };
  }
  if (wanted.includes('User') && isAgent) {
    const list = matchUsers(
      ctx,
      [...store.users.values()].filter((u) => u.id !== 1 && canSeeUser(store, p, u)),
      query,
    );
    list.slice(0, limit).forEach((u) => assets.user(u));
    byObject['User'] = { object_ids: list.slice(0, limit).map((u) => u.id), total_count: list.length };
  }
  if (wanted.includes('Organization') && isAgent) {
    const list = matchOrganizations(ctx, [...store.organizations.values()], query);
    list.slice(0, limit).forEach((o) => assets.orgById(o.id));
    byObject['Organization'] = {
      object_ids: list.slice(0, limit).map((o) => o.id),
      total_count: list.length,
    };
  }
  if (flag(ctx, 'by_object')) return json({ result: byObject, assets: assets.data });
  for (const [type, v] of Object.entries(byObject)) for (const id of v.object_ids) result.push({ type, id });
  return json({ assets: assets.data, result });
}

export const userSearchRender = (
  ctx: Ctx,
  expand: (u: UserRecord) => JsonObject,
): SearchRender<UserRecord> => ({
  render: (u) => userAttrs(ctx.store, u),
  expand,
  assets: (a, u) => void a.user(u),
  label: (u) => ({
    label: `${ctx.store.fullname(u)}${u.email ? ` <${u.email}>` : ''}`,
    value: u.email || ctx.store.fullname(u),
    inactive: !u.active,
  }),
});

export const orgSearchRender = (
  ctx: Ctx,
  expand: (o: OrganizationRecord) => JsonObject,
): SearchRender<OrganizationRecord> => ({
  render: (o) => orgAttrs(ctx.store, o),
  expand,
  assets: (a, o) => void a.orgById(o.id),
  label: (o) => ({ label: o.name, value: o.name, inactive: !o.active }),
});

export const searchRoutes: Route[] = [
  { method: 'GET', path: '/tickets/search', handler: ticketSearch },
  { method: 'POST', path: '/tickets/search', handler: ticketSearch },
  { method: 'GET', path: '/search', handler: globalSearch },
  { method: 'POST', path: '/search', handler: globalSearch },
  { method: 'GET', path: '/search/:objects', handler: globalSearch },
];
