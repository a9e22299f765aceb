/** Time accounting (/tickets/:id/time_accountings) and shared drafts (/tickets/:id/shared_draft). */
import { agentUpdate } from '../access.js';
import { requireAny } from '../auth.js';
import { masked, notAuthorized, notFound, unprocessable } from '../errors.js';
import {
  find,
  flag,
  idParam,
  isObject,
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
import { Assets, loginOf } from '../render.js';
import type { Route } from '../server.js';
import type { JsonObject, SharedDraftRecord, TicketRecord, TimeAccountingRecord } from '../types.js';
import { addToCache } from './upload-caches.js';

function accountingTicket(ctx: Ctx): TicketRecord {
  const p = me(ctx);
  const t = find(ctx.store.tickets, idParam(ctx, 'ticket_id', 'Ticket'), 'Ticket');
  if (!agentUpdate(ctx.store, p, t)) throw notAuthorized();
  return t;
}

/** `attributes_with_association_names`: the creator's login and the type's name beside the ids. */
function taExpanded(ctx: Ctx, x: TimeAccountingRecord): JsonObject {
  const type = x.type_id === null ? undefined : ctx.store.timeAccountingTypes.get(x.type_id);
  // a missing association leaves its key out (can_associations.rb: `next unless ref`)
  return {
    ...x,
    created_by: loginOf(ctx.store, x.created_by_id),
    ...(type ? { type: type.name } : {}),
  };
}

/**
 * `GET /tickets/:ticket_id/time_accountings` (Ticket::TimeAccountingsController#index):
 * model_index_render on the ticket's entries: `per_page` (default 500, at most 1000), `page`,
 * `sort_by`/`order_by` (default id ASC), `expand` (names) and `full` (assets with total_count).
 */
function taList(ctx: Ctx): Reply {
  const t = accountingTicket(ctx);
  const all = ctx.store.timeAccountingsOf(t.id);
  const page = paginate(ctx, { default: 500, max: 1000 });
  const columns = ['id', 'time_unit', 'type_id', 'created_by_id', 'created_at', 'updated_at'];
  const list = slice(sortRecords(all, sortSpec(ctx, columns, { by: 'id', order: 'asc' })), page);
  if (flag(ctx, 'expand')) return json(list.map((x) => taExpanded(ctx, x)));
  if (flag(ctx, 'full')) {
    const assets = new Assets(ctx.store);
    list.forEach((x) => assets.raw('Ticket::TimeAccounting', x.id, { ...x }).userById(x.created_by_id));
    return json({ record_ids: list.map((x) => x.id), assets: assets.data, total_count: all.length });
  }
  return json(list.map((x) => ({ ...x })));
}

function taShow(ctx: Ctx): Reply {
  const t = accountingTicket(ctx);
  const rec = ctx.store.timeAccountingsOf(t.id).find((x) => String(x.id) === ctx.params['id']);
  if (!rec) throw notFound('Ticket::TimeAccounting', ctx.params['id'] ?? '');
  return json({ ...rec });
}

function timeUnitOf(ctx: Ctx): number {
  const raw = ctx.input['time_unit'];
  if (raw === undefined || raw === null || raw === '')
    throw unprocessable("Missing required value for field 'time_unit'!");
  const n = Number(raw);
  if (Number.isNaN(n)) throw unprocessable(`Invalid value for param 'time_unit': ${String(raw)}`);
  return n;
}

function typeIdOf(ctx: Ctx): number | null {
  const raw = ctx.input['type_id'];
  if (raw === undefined || raw === null || raw === '') return null;
  const id = toI(raw);
  if (!ctx.store.timeAccountingTypes.has(id))
    throw unprocessable(`Invalid value for param 'type_id': ${String(raw)}`);
  return id;
}

function taCreate(ctx: Ctx): Reply {
  const t = accountingTicket(ctx);
  const p = me(ctx);
  const articleRaw = ctx.input['ticket_article_id'];
  const articleId = articleRaw === undefined || articleRaw === null ? null : toI(articleRaw);
  if (articleId !== null && ctx.store.articles.get(articleId)?.ticket_id !== t.id)
    throw unprocessable(`Invalid value for param 'ticket_article_id': ${articleId}`);
  const rec = ctx.store.addTimeAccounting(t.id, timeUnitOf(ctx), p.user.id, {
    typeId: typeIdOf(ctx),
    articleId,
  });
  ctx.store.addHistory({
    o_id: t.id,
    object: 'Ticket',
    type: 'updated',
    attribute: 'time_unit',
    value_to: t.time_unit,
    created_by_id: p.user.id,
  });
  ctx.store.touchTicket(t, p.user.id);
  return json({ ...rec }, 201);
}

function taUpdate(ctx: Ctx): Reply {
  requireAny(ctx.store, me(ctx), ['admin.time_accounting']);
  const t = find(ctx.store.tickets, idParam(ctx, 'ticket_id', 'Ticket'), 'Ticket');
  const rec = find(
    ctx.store.timeAccountings,
    idParam(ctx, 'id', 'Ticket::TimeAccounting'),
    'Ticket::TimeAccounting',
  );
  if (ctx.input['time_unit'] !== undefined) rec.time_unit = timeUnitOf(ctx).toFixed(1);
  if (ctx.input['type_id'] !== undefined) rec.type_id = typeIdOf(ctx);
  rec.updated_at = ctx.store.now();
  ctx.store.recalcTimeUnit(t.id);
  return json({ ...rec });
}

function taDelete(ctx: Ctx): Reply {
  requireAny(ctx.store, me(ctx), ['admin.time_accounting']);
  const t = find(ctx.store.tickets, idParam(ctx, 'ticket_id', 'Ticket'), 'Ticket');
  const rec = find(
    ctx.store.timeAccountings,
    idParam(ctx, 'id', 'Ticket::TimeAccounting'),
    'Ticket::TimeAccounting',
  );
  ctx.store.timeAccountings.delete(rec.id);
  ctx.store.recalcTimeUnit(t.id);
  return json({});
}

function draftTicket(ctx: Ctx): TicketRecord {
  const p = me(ctx);
  const t = find(ctx.store.tickets, idParam(ctx, 'ticket_id', 'Ticket'), 'Ticket');
  if (!agentUpdate(ctx.store, p, t)) throw notAuthorized();
  return t;
}

function draftAssets(ctx: Ctx, d: SharedDraftRecord): JsonObject {
  const { attachments: _files, ...attrs } = d;
  return new Assets(ctx.store)
    .raw('TicketSharedDraftZoom', d.id, attrs)
    .userById(d.created_by_id)
    .userById(d.updated_by_id).data;
}

function draftShow(ctx: Ctx): Reply {
  const t = draftTicket(ctx);
  const d = ctx.store.sharedDrafts.get(t.id);
  return json({ shared_draft_id: d?.id ?? null, assets: d ? draftAssets(ctx, d) : null });
}

function draftUpdate(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  const t = draftTicket(ctx);
  const newArticle = isObject(ctx.input['new_article']) ? (ctx.input['new_article'] as JsonObject) : {};
  const attributes = isObject(ctx.input['ticket_attributes'])
    ? (ctx.input['ticket_attributes'] as JsonObject)
    : {};
  const at = store.now();
  let d = store.sharedDrafts.get(t.id);
  if (d) {
    Object.assign(d, {
      new_article: newArticle,
      ticket_attributes: attributes,
      updated_by_id: p.user.id,
      updated_at: at,
    });
  } else {
    d = {
      id: store.nextId('sharedDraft'),
      ticket_id: t.id,
      new_article: newArticle,
      ticket_attributes: attributes,
      created_by_id: p.user.id,
      updated_by_id: p.user.id,
      created_at: at,
      updated_at: at,
    };
    store.sharedDrafts.set(t.id, d);
    store.addHistory({
      o_id: d.id,
      object: 'Ticket::SharedDraftZoom',
      type: 'created',
      related_o_id: t.id,
      related_object: 'Ticket',
      created_by_id: p.user.id,
      created_at: at,
    });
  }
  // attach_upload_cache: the draft's files become copies of the form's (none without a form_id)
  const formId = str(ctx.input['form_id']);
  d.attachments = (formId ? (store.uploadCaches.get(formId) ?? []) : []).map((f) => ({
    ...f,
    id: store.nextId('attachment'),
    store_file_id: store.nextId('storeFile'),
  }));
  store.touchTicket(t, p.user.id, at);
  return json({ shared_draft_id: d.id, assets: draftAssets(ctx, d) });
}

/** Copies the draft's files into a form's upload cache, so sending the form sends them. */
function draftImportAttachments(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  const t = draftTicket(ctx);
  const d = store.sharedDrafts.get(t.id);
  if (!d) throw masked(500, "undefined method 'clone_attachments' for nil");
  const formId = str(ctx.input['form_id']) ?? '';
  const added = (d.attachments ?? []).map((f) =>
    addToCache(store, formId, { filename: f.filename, data: f.data, preferences: f.preferences }, p.user.id),
  );
  return json({
    attachments: added.map((f) => ({
      id: f.id,
      filename: f.filename,
      size: f.size,
      preferences: f.preferences,
    })),
  });
}

function draftDelete(ctx: Ctx): Reply {
  const { store } = ctx;
  const p = me(ctx);
  const t = draftTicket(ctx);
  const d = store.sharedDrafts.get(t.id);
  // Zammad calls destroy! on nil here: an unexpected (masked) 500
  if (!d) throw masked(500, "undefined method 'destroy!' for nil");
  store.sharedDrafts.delete(t.id);
  store.addHistory({
    o_id: d.id,
    object: 'Ticket::SharedDraftZoom',
    type: 'removed',
    related_o_id: t.id,
    related_object: 'Ticket',
    created_by_id: p.user.id,
  });
  store.touchTicket(t, p.user.id);
  return json({ shared_draft_id: d.id });
}

export const ticketExtraRoutes: Route[] = [
  { method: 'GET', path: '/tickets/:ticket_id/time_accountings', handler: taList },
  { method: 'POST', path: '/tickets/:ticket_id/time_accountings', handler: taCreate },
  { method: 'GET', path: '/tickets/:ticket_id/time_accountings/:id', handler: taShow },
  { method: 'PUT', path: '/tickets/:ticket_id/time_accountings/:id', handler: taUpdate },
  { method: 'DELETE', path: '/tickets/:ticket_id/time_accountings/:id', handler: taDelete },
  { method: 'GET', path: '/tickets/:ticket_id/shared_draft', handler: draftShow },
  { method: 'PUT', path: '/tickets/:ticket_id/shared_draft', handler: draftUpdate },
  { method: 'PATCH', path: '/tickets/:ticket_id/shared_draft', handler: draftUpdate },
  { method: 'DELETE', path: '/tickets/:ticket_id/shared_draft', handler: draftDelete },
  {
    method: 'POST',
    path: '/tickets/:ticket_id/shared_draft/import_attachments',
    handler: draftImportAttachments,
  },
];
