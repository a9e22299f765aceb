/** Reference names (states, priorities, groups) resolved case-insensitively, with "valid values are …" errors. */
import { UserInputError } from '../errors.js';
import type { NameIndex, NamedRecord, ReferenceSnapshot } from '../zammad/reference.js';
import type { Ticket } from '../zammad/schemas.js';

export function resolveName<T extends NamedRecord>(index: NameIndex<T>, name: string, field: string): T {
  const hit = index.find(name);
  if (!hit)
    throw new UserInputError(
      `Unknown ${field} "${name}". Valid ${field === 'priority' ? 'priorities' : `${field}s`}: ${index.names().join(', ')}.`,
    );
  return hit;
}

/** A ticket's state, priority and group names: Zammad's expanded fields, else the reference cache. */
export function ticketNames(
  t: Ticket,
  ref: ReferenceSnapshot,
): { state: string | undefined; priority: string | undefined; group: string | undefined } {
  return {
    state: t.state ?? ref.states.name(t.state_id),
    priority: t.priority ?? ref.priorities.name(t.priority_id),
    group: t.group ?? ref.groups.name(t.group_id),
  };
}
