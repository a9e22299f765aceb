/**
 * One line per ticket history entry: "2025-01-22 10:46 Emma Taylor: state new → open".
 */
import type { Assets, HistoryItem } from '../../zammad/schemas.js';
import { fmtDate } from './format.js';
import { assetUser, personShort } from './people.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function val(v: string | number | null | undefined): string {
  if (v === null || v === undefined || v === '') return '–';
  const s = String(v);
  return ISO.test(s) ? (fmtDate(s) ?? s) : s;
}

export function historyActor(h: HistoryItem, assets: Assets): string | undefined {
  if (h.created_by_id === 1) return 'System';
  if (h.created_by_id === null || h.created_by_id === undefined) return undefined;
  return personShort(assetUser(assets, h.created_by_id)) ?? `user ${h.created_by_id}`;
}

/** What changed, in a few words. */
export function historyChange(h: HistoryItem): string {
  const type = h.type ?? 'changed';
  const attr = h.attribute ?? undefined;
  const article = h.object === 'Ticket::Article';
  switch (type) {
    case 'created':
      return article ? `article ${h.o_id ?? ''} created`.replace('  ', ' ') : 'ticket created';
    case 'updated':
      return `${article ? `article ${h.o_id} ` : ''}${attr ?? 'field'} ${val(h.value_from)} → ${val(h.value_to)}`;
    case 'added':
    case 'removed':
      return `${attr ?? 'item'} ${type}: ${val(h.value_to ?? h.value_from)}`;
    case 'merged_into':
      return `merged into ${val(h.value_to)}`;
    case 'received_merge':
      return `received merge of ${val(h.value_from ?? h.value_to)}`;
    case 'email':
      return `email sent${h.value_to ? ` to ${h.value_to}` : ''}`;
    case 'notification':
      return `notification sent${h.value_to ? ` to ${h.value_to}` : ''}`;
    default: {
      const v = h.value_from || h.value_to ? ` ${val(h.value_from)} → ${val(h.value_to)}` : '';
      return `${type}${attr ? ` ${attr}` : ''}${v}`;
    }
  }
}
