/**
 * Checklists (Zammad 6.4+): checklists_controller.rb, checklist_items_controller.rb,
 * checklist_templates_controller.rb and their policies. What differs by version:
 * - 6.3: no such routes (404) and no `checklist_id` on tickets.
 * - 6.4: a checklist carries `ticket_id`; `GET /checklists/by_ticket/:ticket_id`; creating from an
 *   unknown template fails inside Zammad (500).
 * - 6.5+: the ticket carries `checklist_id` (a column); a checklist's assets include its ticket;
 *   an unknown template is a 404, an inactive one a 422.
 * - 7.x: `POST /checklist_items` also takes `ticket_id` (creates the checklist when the ticket has
 *   none) and `POST /checklist_items/create_bulk` exists.
 * The policies answer 403 for a record that does not exist as for one the caller may not see, and
 * for everything while the `checklist` setting is off.
 */
import { agentGroupAccess, type Access } from '../access.js';
import { can } from '../auth.js';
import {
  addChecklistItem,
  checklistOfTicket,
  createChecklist,
  itemsOf,
  updateChecklistItem,
} from '../checklist-store.js';
import { HttpError, masked, notAuthorized, notFound, unprocessable } from '../errors.js';
import {
  find,
  flag,
  idParam,
  isObject,
  json,
  me,
  str,
  toI,
  type Ctx,
  type Handler,
  type Reply,
} from '../http.js';
import { Assets } from '../render.js';
import type { Route } from '../server.js';
import type {
  ChecklistItemRecord,
  ChecklistRecord,
  JsonObject,
  TicketRecord,
  ZammadVersion,
} from '../types.js';

const noRoute = (): HttpError => new HttpError(404, "This page doesn't exist.");

/** A route only some versions have; the others answer like a path Rails does not know. */
function since(versions: readonly ZammadVersion[], h: Handler): Handler {
  return (ctx) => {
    if (!versions.includes(ctx.store.settings.version)) throw noRoute();
    return h(ctx);
  };
}
const FROM_64: readonly ZammadVersion[] = ['6.4', '6.5', '7.x'];

/** ChecklistPolicy: the setting on, the ticket there, agent access of the given kind on its group. */
function allowed(ctx: Ctx, t: TicketRecord | undefined, access: Access): t is TicketRecord {
  if (ctx.store.settings.checklist === false || !t) return false;
  return agentGroupAccess(ctx.store, me(ctx), t.group_id, access === 'read' ? 'read' : 'change');
}

function checklistAttrs(ctx: Ctx, c: ChecklistRecord): JsonObject {
  const { ticket_id, ...rest } = c;
  const items = itemsOf(ctx.store, c).map((i) => i.id);
  const base: JsonObject = { ...rest, sorted_item_ids: [...c.sorted_item_ids], item_ids: items };
  return ctx.store.settings.version === '6.4' ? { ...base, ticket_id } : base;
}

const itemAttrs = (i: ChecklistItemRecord): JsonObject => ({ ...i });

function checklistAssets(ctx: Ctx, c: ChecklistRecord): JsonObject {
  const a = new Assets(ctx.store).raw('Checklist', c.id, checklistAttrs(ctx, c));
  for (const i of itemsOf(ctx.store, c)) a.raw('ChecklistItem', i.id, itemAttrs(i));
  const t = ctx.store.ticket(c.ticket_id);
  if (t && ctx.store.settings.version !== '6.4') a.ticket(t);
  return a.data;
}

function checklistFor(ctx: Ctx, id: number, access: Access): ChecklistRecord {
  const c = ctx.store.checklists.get(id);
  if (!c || !allowed(ctx, ctx.store.ticket(c.ticket_id), access)) throw notAuthorized();
  return c;
}

function show(ctx: Ctx): Reply {
  const c = checklistFor(ctx, toI(ctx.params['id']), 'read');
  if (flag(ctx, 'full')) return json({ id: c.id, assets: checklistAssets(ctx, c) });
  return json(checklistAttrs(ctx, c));
}

/** 6.4 only: `{}` when the ticket has no checklist. */
function showByTicket(ctx: Ctx): Reply {
  if (!can(ctx.store, me(ctx), 'ticket.agent')) throw notAuthorized();
  const t = ctx.store.ticket(toI(ctx.params['ticket_id']));
  const c = t ? checklistOfTicket(ctx.store, t) : undefined;
  if (!c) return json({});
  checklistFor(ctx, c.id, 'read');
  return json({ id: c.id, assets: checklistAssets(ctx, c) });
}

function templateFor(ctx: Ctx, raw: unknown): { name: string; items: string[] } | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const tpl = ctx.store.checklistTemplates.get(toI(raw));
  if (!tpl) {
    if (ctx.store.settings.version === '6.4')
      throw masked(500, "undefined method `create_from_template!' for nil:NilClass");
    throw notFound('ChecklistTemplate', String(raw));
  }
  if (!tpl.active && ctx.store.settings.version !== '6.4')
    throw unprocessable('Checklist template must be active to use as a checklist starting point.');
  const items = tpl.sorted_item_ids
    .map((id) => ctx.store.checklistTemplateItems.get(Number(id))?.text)
    .filter((x): x is string => x !== undefined);
  return { name: tpl.name, items };
}

function create(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  const t = store.ticket(toI(ctx.input['ticket_id']));
  if (!allowed(ctx, t, 'change')) throw notAuthorized();
  if (checklistOfTicket(store, t))
    throw unprocessable(
      store.settings.version === '6.4' ? 'Ticket has already been taken' : 'Checklist already exists.',
    );
  const tpl = templateFor(ctx, ctx.input['template_id']);
  const c = createChecklist(store, t, tpl?.name ?? '', p.user.id);
  // Without a template Zammad starts the checklist with one empty item (Checklist.create_fresh!).
  for (const text of tpl?.items ?? ['']) addChecklistItem(store, c, text, p.user.id);
  return json({ id: c.id, assets: checklistAssets(ctx, c) }, 201);
}

/** The checklist new items go to: `checklist_id`, or on 7.x the ticket's (created when missing). */
function targetChecklist(ctx: Ctx, input: Record<string, unknown>): ChecklistRecord {
  const { store } = ctx;
  if (store.settings.version === '7.x' && input['ticket_id'] !== undefined && input['ticket_id'] !== null) {
    const t = store.tickets.get(toI(input['ticket_id']));
    if (!t) throw notFound('Ticket', String(input['ticket_id']));
    if (!allowed(ctx, t, 'change')) throw notAuthorized();
    return checklistOfTicket(store, t) ?? createChecklist(store, t, '', me(ctx).user.id);
  }
  return checklistFor(ctx, toI(input['checklist_id']), 'change');
}

function createItem(ctx: Ctx): Reply {
  const c = targetChecklist(ctx, ctx.input);
  const item = addChecklistItem(ctx.store, c, str(ctx.input['text']) ?? '', me(ctx).user.id);
  return json(itemAttrs(item), 201);
}

function createBulk(ctx: Ctx): Reply {
  const c = targetChecklist(ctx, ctx.input);
  const list = Array.isArray(ctx.input['items']) ? ctx.input['items'] : [];
  const ids = list.map(
    (x) =>
      addChecklistItem(ctx.store, c, (isObject(x) ? str(x['text']) : undefined) ?? '', me(ctx).user.id).id,
  );
  return json({ success: true, checklist_item_ids: ids }, 201);
}

function itemFor(ctx: Ctx, access: Access): ChecklistItemRecord {
  const item = ctx.store.checklistItems.get(toI(ctx.params['id']));
  const c = item ? ctx.store.checklists.get(item.checklist_id) : undefined;
  if (!item || !c || !allowed(ctx, ctx.store.ticket(c.ticket_id), access)) throw notAuthorized();
  return item;
}

function showItem(ctx: Ctx): Reply {
  return json(itemAttrs(itemFor(ctx, 'read')));
}

function updateItem(ctx: Ctx): Reply {
  const item = itemFor(ctx, 'change');
  const change: { text?: string; checked?: boolean } = {};
  const text = ctx.input['text'];
  if (text !== undefined) change.text = str(text) ?? '';
  const checked = ctx.input['checked'];
  if (checked !== undefined) change.checked = checked === true || checked === 'true';
  updateChecklistItem(ctx.store, item, change, me(ctx).user.id);
  return json(itemAttrs(item));
}

function destroyItem(ctx: Ctx): Reply {
  const item = itemFor(ctx, 'change');
  const c = ctx.store.checklists.get(item.checklist_id);
  ctx.store.checklistItems.delete(item.id);
  if (c) c.sorted_item_ids = c.sorted_item_ids.filter((x) => x !== String(item.id));
  return json({});
}

/** ChecklistTemplatesControllerPolicy: index and show for agents and checklist admins. */
function templateReader(ctx: Ctx): void {
  const p = me(ctx);
  if (!can(ctx.store, p, 'ticket.agent') && !can(ctx.store, p, 'admin.checklist')) throw notAuthorized();
}

function templateAttrs(ctx: Ctx, id: number): JsonObject {
  const t = find(ctx.store.checklistTemplates, id, 'ChecklistTemplate');
  const itemIds = [...ctx.store.checklistTemplateItems.values()]
    .filter((i) => i.checklist_template_id === t.id)
    .map((i) => i.id);
  return { ...t, sorted_item_ids: [...t.sorted_item_ids], item_ids: itemIds };
}

function templateIndex(ctx: Ctx): Reply {
  templateReader(ctx);
  const ids = [...ctx.store.checklistTemplates.keys()].sort((a, b) => a - b);
  if (!flag(ctx, 'full')) return json(ids.map((id) => templateAttrs(ctx, id)));
  const a = new Assets(ctx.store);
  for (const id of ids) a.raw('ChecklistTemplate', id, templateAttrs(ctx, id));
  for (const i of ctx.store.checklistTemplateItems.values())
    if (ids.includes(i.checklist_template_id)) a.raw('ChecklistTemplateItem', i.id, { ...i });
  return json({ record_ids: ids, assets: a.data });
}

function templateShow(ctx: Ctx): Reply {
  templateReader(ctx);
  return json(templateAttrs(ctx, idParam(ctx, 'id', 'ChecklistTemplate')));
}

export const checklistRoutes: Route[] = [
  { method: 'GET', path: '/checklists/by_ticket/:ticket_id', handler: since(['6.4'], showByTicket) },
  { method: 'GET', path: '/checklists/:id', handler: since(FROM_64, show) },
  { method: 'POST', path: '/checklists', handler: since(FROM_64, create) },
  { method: 'POST', path: '/checklist_items/create_bulk', handler: since(['7.x'], createBulk) },
  { method: 'POST', path: '/checklist_items', handler: since(FROM_64, createItem) },
  { method: 'GET', path: '/checklist_items/:id', handler: since(FROM_64, showItem) },
  { method: 'PUT', path: '/checklist_items/:id', handler: since(FROM_64, updateItem) },
  { method: 'PATCH', path: '/checklist_items/:id', handler: since(FROM_64, updateItem) },
  { method: 'DELETE', path: '/checklist_items/:id', handler: since(FROM_64, destroyItem) },
  { method: 'GET', path: '/checklist_templates', handler: since(FROM_64, templateIndex) },
  { method: 'GET', path: '/checklist_templates/:id', handler: since(FROM_64, templateShow) },
];
