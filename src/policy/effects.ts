/**
 * What each tool that changes Zammad does to what is already there, in the terms of the MCP
 * specification's annotations (annotationsFor in risk.ts reads this, and nothing else decides it):
 *   overwrites  destructiveHint: true unless the tool "performs only additive updates" — changing
 *               or removing a field, a tag, a link or a draft that was there is not additive;
 *   idempotent  idempotentHint: calling it again with the same arguments has no additional effect.
 * A tool missing here gets the cautious reading (overwrites, not idempotent), and
 * src/policy/effects.test.ts fails until it is declared.
 */
export interface Effect {
  overwrites: boolean;
  idempotent: boolean;
}

const ADDS: Effect = { overwrites: false, idempotent: false }; // a new record each call
const ADDS_ONCE: Effect = { overwrites: false, idempotent: true }; // adds; again is a no-op
const SETS: Effect = { overwrites: true, idempotent: true }; // replaces values with the given ones

export const EFFECTS: Readonly<Record<string, Effect>> = {
  create_ticket: ADDS,
  update_ticket: SETS,
  add_internal_note: ADDS,
  save_draft_reply: SETS, // replaces the ticket's shared draft
  add_time_accounting: ADDS,
  add_ticket_tag: ADDS_ONCE,
  remove_ticket_tag: SETS,
  link_tickets: ADDS_ONCE,
  unlink_tickets: SETS,
  create_user: ADDS,
  update_user: SETS,
  create_organization: ADDS,
  update_organization: SETS,
  reply_to_customer: ADDS, // another email each call
  apply_macro: { overwrites: true, idempotent: false }, // changes fields, may send email each call
  merge_tickets: SETS, // a merged source cannot be merged again
  delete_ticket: SETS, // deleting again finds nothing to delete
  delete_user: SETS,
  delete_organization: SETS,
  add_checklist_items: ADDS,
  set_checklist_item: SETS,
  subscribe_ticket: ADDS_ONCE,
  unsubscribe_ticket: SETS, // removes the mention; again finds none
  mark_notifications_read: SETS,
  draft_knowledge_base_answer: ADDS, // a new draft each call
  bulk_update_tickets: { overwrites: true, idempotent: false }, // sets fields; a note is added each call
  bulk_apply_macro: { overwrites: true, idempotent: false },
};

/** The cautious reading for a tool not declared above. */
export const UNDECLARED: Effect = { overwrites: true, idempotent: false };

export function effectOf(name: string): Effect {
  return EFFECTS[name] ?? UNDECLARED;
}
