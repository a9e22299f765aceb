/** Collaboration records: checklists (Zammad 6.4+), checklist templates, online notifications. */

export type ChecklistRecord = {
  id: number;
  name: string;
  /** The ticket it belongs to (a column of the checklist on 6.4; the ticket's `checklist_id` from 6.5). */
  ticket_id: number;
  /** Item ids as strings, in display order (CanChecklistSortedItems). */
  sorted_item_ids: string[];
  created_by_id: number;
  updated_by_id: number;
  created_at: string;
  updated_at: string;
};

export type ChecklistItemRecord = {
  id: number;
  text: string;
  checked: boolean;
  checklist_id: number;
  /** A ticket the item refers to (not the checklist's own ticket); null for plain items. */
  ticket_id: number | null;
  created_by_id: number;
  updated_by_id: number;
  created_at: string;
  updated_at: string;
};

export type ChecklistTemplateRecord = {
  id: number;
  name: string;
  active: boolean;
  sorted_item_ids: string[];
  created_by_id: number;
  updated_by_id: number;
  created_at: string;
  updated_at: string;
};

export type ChecklistTemplateItemRecord = {
  id: number;
  text: string;
  checklist_template_id: number;
  created_by_id: number;
  updated_by_id: number;
  created_at: string;
  updated_at: string;
};

export type OnlineNotificationRecord = {
  id: number;
  o_id: number;
  /** ObjectLookup name, e.g. "Ticket". */
  object: string;
  /** TypeLookup name: "create", "update", "reminder_reached", "escalation", … */
  type: string;
  seen: boolean;
  user_id: number;
  created_by_id: number;
  updated_by_id: number;
  created_at: string;
  updated_at: string;
};
