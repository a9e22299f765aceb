/**
 * Generic-index models: groups, roles, states, priorities, object attributes, text modules,
 * macros, time accounting types, /version (renders_models.rb model_index_render etc.).
 */
import { can, requireAny } from '../auth.js';
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
  type Ctx,
  type Reply,
} from '../http.js';
import { Assets, groupAttrs, groupExpanded, roleAttrs, simpleExpanded } from '../render.js';
import { htmlToText } from '../search-docs.js';
import { esMatcher, isMatchAll, sqlMatcher, type Doc } from '../search.js';
import type { Route } from '../server.js';
import type {
  GroupRecord,
  JsonObject,
  MacroRecord,
  PriorityRecord,
  RoleRecord,
  StateRecord,
  TextModuleRecord,
  TimeAccountingTypeRecord,
} from '../types.js';
import { queryOf, searchReply } from './search.js';

type Model<T> = {
  perms: string[];
  list: (ctx: Ctx) => T[];
  render: (ctx: Ctx, r: T) => JsonObject;
  expand?: (ctx: Ctx, r: T) => JsonObject;
  model: string;
  columns: string[];
};

function genericIndex<T extends { id: number }>(m: Model<T>) {
  return (ctx: Ctx): Reply => {
    requireAny(ctx.store, me(ctx), m.perms);
    const page = paginate(ctx, { default: 500, max: 1000 });
    const all = m.list(ctx);
    const list = slice(sortRecords(all, sortSpec(ctx, m.columns, { by: 'id', order: 'asc' })), page);
    if (flag(ctx, 'expand')) return json(list.map((r) => (m.expand ?? m.render)(ctx, r)));
    if (flag(ctx, 'full')) {
      const assets = new Assets(ctx.store);
      list.forEach((r) => assets.raw(m.model, r.id, m.render(ctx, r)));
      return json({ record_ids: list.map((r) => r.id), assets: assets.data, total_count: all.length });
    }
    return json(list.map((r) => m.render(ctx, r)));
  };
}

function genericShow<T extends { id: number }>(m: Model<T>) {
  return (ctx: Ctx): Reply => {
    requireAny(ctx.store, me(ctx), m.perms);
    const id = idParam(ctx, 'id', m.model);
    const r = m.list(ctx).find((x) => x.id === id) ?? find(new Map<number, T>(), id, m.model);
    if (flag(ctx, 'expand')) return json((m.expand ?? m.render)(ctx, r));
    if (flag(ctx, 'full'))
      return json({ id: r.id, assets: new Assets(ctx.store).raw(m.model, r.id, m.render(ctx, r)).data });
    return json(m.render(ctx, r));
  };
}

const META = ['id', 'name', 'active', 'created_at', 'updated_at', 'created_by_id', 'updated_by_id'];

const groups: Model<GroupRecord> = {
  perms: ['ticket.agent', 'ticket.customer', 'admin.group'],
  model: 'Group',
  columns: [...META, 'parent_id', 'name_last'],
  list: (ctx) => [...ctx.store.groups.values()],
  render: (ctx, g) => groupAttrs(ctx.store, g),
  expand: (ctx, g) => groupExpanded(ctx.store, g),
};
const roles: Model<RoleRecord> = {
  perms: ['admin.role', 'ticket.agent'],
  model: 'Role',
  columns: META,
  list: (ctx) => [...ctx.store.roles.values()],
  render: (ctx, r) => roleAttrs(ctx.store, r),
};
const states: Model<StateRecord> = {
  perms: ['ticket.agent', 'ticket.customer', 'admin.ticket_state'],
  model: 'TicketState',
  columns: [...META, 'state_type_id'],
  list: (ctx) => [...ctx.store.states.values()],
  render: (_ctx, s) => ({ ...s }),
  expand: (ctx, s) => simpleExpanded(ctx.store, s),
};
const priorities: Model<PriorityRecord> = {
  perms: ['ticket.agent', 'ticket.customer', 'admin.ticket_priority'],
  model: 'TicketPriority',
  columns: META,
  list: (ctx) => [...ctx.store.priorities.values()],
  render: (_ctx, s) => ({ ...s }),
  expand: (ctx, s) => simpleExpanded(ctx.store, s),
};

/** Agents see text modules and macros without group restriction or for one of their groups. */
function visibleFor(ctx: Ctx, groupIds: number[]): boolean {
  const p = me(ctx);
  if (groupIds.length === 0 || can(ctx.store, p, 'admin')) return true;
  const mine = Object.keys(ctx.store.userExtras.get(p.user.id)?.group_ids ?? {}).map(Number);
  return groupIds.some((g) => mine.includes(g));
}

const textModules: Model<TextModuleRecord> = {
  perms: ['ticket.agent', 'admin.text_module'],
  model: 'TextModule',
  columns: [...META, 'keywords'],
  list: (ctx) => [...ctx.store.textModules.values()].filter((t) => visibleFor(ctx, t.group_ids)),
  render: (_ctx, t) => ({ ...t }),
};
const macros: Model<MacroRecord> = {
  perms: ['ticket.agent', 'admin.macro'],
  model: 'Macro',
  columns: META,
  list: (ctx) => [...ctx.store.macros.values()].filter((m) => visibleFor(ctx, m.group_ids)),
  render: (_ctx, m) => ({ ...m }),
};
const timeTypes: Model<TimeAccountingTypeRecord> = {
  perms: ['ticket.agent', 'admin.time_accounting'],
  model: 'Ticket::TimeAccounting::Type',
  columns: META,
  list: (ctx) => [...ctx.store.timeAccountingTypes.values()],
  render: (_ctx, t) => ({ ...t }),
};

function textSearch<T extends { id: number; name: string; active: boolean }>(
  m: Model<T>,
  fields: (r: T) => Record<string, string>,
) {
  return (ctx: Ctx): Reply => {
    requireAny(ctx.store, me(ctx), m.perms);
    const query = queryOf(ctx);
    let list = m.list(ctx);
    if (!isMatchAll(query) && query !== undefined) {
      if (ctx.store.settings.elasticsearch) {
        const match = esMatcher(query, { dates: new Set(), numbers: new Set() }, ctx.store.clock.peekMs());
        list = list.filter((r) => match(new Map(Object.entries(fields(r)).map(([k, v]) => [k, [v]])) as Doc));
      } else {
        const match = sqlMatcher(query);
        list = list.filter((r) => match(Object.values(fields(r))));
      }
    }
    list = sortRecords(list, sortSpec(ctx, m.columns, { by: 'updated_at', order: 'desc' }));
    return searchReply(ctx, list, {
      render: (r) => m.render(ctx, r),
      expand: (r) => m.render(ctx, r),
      assets: (a, r) => void a.raw(m.model, r.id, m.render(ctx, r)),
      label: (r) => ({ label: r.name, value: r.name, inactive: !r.active }),
    });
  };
}

function objectAttributes(ctx: Ctx): Reply {
  requireAny(ctx.store, me(ctx), ['admin.object']);
  const list = [...ctx.store.objectAttributes.values()].sort(
    (a, b) => a.position - b.position || a.name.localeCompare(b.name),
  );
  return json(list.map((a) => ({ ...a })));
}

function objectAttribute(ctx: Ctx): Reply {
  requireAny(ctx.store, me(ctx), ['admin.object']);
  const a = find(
    ctx.store.objectAttributes,
    idParam(ctx, 'id', 'ObjectManager::Attribute'),
    'ObjectManager::Attribute',
  );
  return json({ ...a });
}

function version(ctx: Ctx): Reply {
  requireAny(ctx.store, me(ctx), ['admin']);
  const v = ctx.store.settings.version;
  const full = { '6.3': '6.3.1', '6.4': '6.4.1', '6.5': '6.5.0', '7.x': '7.1.2' } as const;
  return json({ version: full[v] });
}

export const referenceRoutes: Route[] = [
  { method: 'GET', path: '/groups', handler: genericIndex(groups) },
  { method: 'GET', path: '/groups/:id', handler: genericShow(groups) },
  { method: 'GET', path: '/roles', handler: genericIndex(roles) },
  { method: 'GET', path: '/roles/:id', handler: genericShow(roles) },
  { method: 'GET', path: '/ticket_states', handler: genericIndex(states) },
  { method: 'GET', path: '/ticket_states/:id', handler: genericShow(states) },
  { method: 'GET', path: '/ticket_priorities', handler: genericIndex(priorities) },
  { method: 'GET', path: '/ticket_priorities/:id', handler: genericShow(priorities) },
  { method: 'GET', path: '/object_manager_attributes', handler: objectAttributes },
  { method: 'GET', path: '/object_manager_attributes/:id', handler: objectAttribute },
  {
    method: 'GET',
    path: '/text_modules/search',
    handler: textSearch(textModules, (t) => ({
      name: t.name,
      keywords: t.keywords,
      content: htmlToText(t.content),
    })),
  },
  {
    method: 'POST',
    path: '/text_modules/search',
    handler: textSearch(textModules, (t) => ({
      name: t.name,
      keywords: t.keywords,
      content: htmlToText(t.content),
    })),
  },
  { method: 'GET', path: '/text_modules', handler: genericIndex(textModules) },
  { method: 'GET', path: '/text_modules/:id', handler: genericShow(textModules) },
  {
    method: 'GET',
    path: '/macros/search',
    handler: textSearch(macros, (m) => ({ name: m.name, note: m.note })),
  },
  {
    method: 'POST',
    path: '/macros/search',
    handler: textSearch(macros, (m) => ({ name: m.name, note: m.note })),
  },
  { method: 'GET', path: '/macros', handler: genericIndex(macros) },
  { method: 'GET', path: '/macros/:id', handler: genericShow(macros) },
  { method: 'GET', path: '/time_accounting/types', handler: genericIndex(timeTypes) },
  { method: 'GET', path: '/version', handler: version },
];
