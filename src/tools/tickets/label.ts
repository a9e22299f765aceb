import type { ReferenceSnapshot } from '../../zammad/reference.js';
import type { Ticket } from '../../zammad/schemas.js';

/** A ticket as a confirmation shows it: `#31002 "Printer on fire" (id 2, open, Support)`. */
export function ticketLabel(t: Ticket, ref: ReferenceSnapshot): string {
  const state = t.state ?? ref.states.name(t.state_id);
  const group = t.group ?? ref.groups.name(t.group_id);
  return `#${t.number} "${t.title}" (id ${t.id}${state ? `, ${state}` : ''}${group ? `, ${group}` : ''})`;
}
