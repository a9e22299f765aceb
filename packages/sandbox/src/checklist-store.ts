/**
 * Checklist state changes shared by the routes and the seed (app/models/checklist.rb,
 * checklist/item.rb): a ticket has at most one checklist; an item joins the checklist's
 * `sorted_item_ids`; at most 100 items per checklist (422 otherwise).
 */
import { unprocessable } from './errors.js';
import type { SandboxStore } from './store.js';
import type { ChecklistItemRecord, ChecklistRecord, TicketRecord } from './types.js';

export const MAX_CHECKLIST_ITEMS = 100;

export function itemsOf(store: SandboxStore, c: ChecklistRecord): ChecklistItemRecord[] {
  const rows = [...store.checklistItems.values()].filter((i) => i.checklist_id === c.id);
  const pos = (i: ChecklistItemRecord): number => {
    const at = c.sorted_item_ids.indexOf(String(i.id));
    return at < 0 ? Number.MAX_SAFE_INTEGER : at;
  };
  return rows.sort((a, b) => pos(a) - pos(b) || a.id - b.id);
}

export function checklistOfTicket(store: SandboxStore, t: TicketRecord): ChecklistRecord | undefined {
  return t.checklist_id === null ? undefined : store.checklists.get(t.checklist_id);
}

export function createChecklist(
  store: SandboxStore,
  t: TicketRecord,
  name: string,
  userId: number,
  at: string = store.now(),
  /** The seed lays out state only: no history, the ticket untouched. */
  quiet = false,
): ChecklistRecord {
  const c: ChecklistRecord = {
    id: store.nextId('checklist'),
    name,
    ticket_id: t.id,
    sorted_item_ids: [],
    created_by_id: userId,
    updated_by_id: userId,
    created_at: at,
    updated_at: at,
  };
  store.checklists.set(c.id, c);
  t.checklist_id = c.id;
  if (quiet) return c;
  store.addHistory({
    o_id: c.id,
    object: 'Checklist',
    type: 'created',
    value_to: name,
    related_o_id: t.id,
    related_object: 'Ticket',
    created_by_id: userId,
    created_at: at,
  });
  store.touchTicket(t, userId, at);
  return c;
}

export function addChecklistItem(
  store: SandboxStore,
  c: ChecklistRecord,
  text: string,
  userId: number,
  at: string = store.now(),
  quiet = false,
): ChecklistItemRecord {
  if (itemsOf(store, c).length >= MAX_CHECKLIST_ITEMS)
    throw unprocessable('Checklist items are limited to 100 items per checklist.');
  const item: ChecklistItemRecord = {
    id: store.nextId('checklistItem'),
    text,
    checked: false,
    checklist_id: c.id,
    ticket_id: null,
    created_by_id: userId,
    updated_by_id: userId,
    created_at: at,
    updated_at: at,
  };
  store.checklistItems.set(item.id, item);
  c.sorted_item_ids = [...c.sorted_item_ids, String(item.id)];
  c.updated_at = at;
  if (quiet) return item;
  store.addHistory({
    o_id: item.id,
    object: 'Checklist::Item',
    type: 'created',
    value_to: text,
    related_o_id: c.ticket_id,
    related_object: 'Ticket',
    created_by_id: userId,
    created_at: at,
  });
  return item;
}

export function updateChecklistItem(
  store: SandboxStore,
  item: ChecklistItemRecord,
  change: { text?: string; checked?: boolean },
  userId: number,
): void {
  const at = store.now();
  const c = store.checklists.get(item.checklist_id);
  if (change.checked !== undefined && change.checked !== item.checked) {
    item.checked = change.checked;
    store.addHistory({
      o_id: item.id,
      object: 'Checklist::Item',
      type: 'checklist_item_checked',
      value_from: change.text ?? item.text,
      value_to: String(change.checked),
      related_o_id: c?.ticket_id ?? null,
      related_object: 'Ticket',
      created_by_id: userId,
    });
  }
  if (change.text !== undefined) item.text = change.text;
  item.updated_by_id = userId;
  item.updated_at = at;
  if (c) c.updated_at = at;
}
