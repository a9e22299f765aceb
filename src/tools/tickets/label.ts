import { ticketNames } from '../names.js';
import type { ReferenceSnapshot } from '../../zammad/reference.js';
import type { Ticket } from '../../zammad/schemas.js';

/** A ticket as a confirmation shows it: `#31002 "Printer on fire" (id 2, open, Support)`. */
export function ticketLabel(t: Ticket, ref: ReferenceSnapshot): string {
  const { state, group } = ticketNames(t, ref);
  return `#${t.number} "${t.title}" (id ${t.id}${state ? `, ${state}` : ''}${group ? `, ${group}` : ''})`;
}
