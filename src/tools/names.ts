/** Reference names (states, priorities, groups) resolved case-insensitively, with "valid values are …" errors. */
import { UserInputError } from '../errors.js';
import type { NameIndex, NamedRecord } from '../zammad/reference.js';

export function resolveName<T extends NamedRecord>(index: NameIndex<T>, name: string, field: string): T {
  const hit = index.find(name);
  if (!hit)
    throw new UserInputError(
      `Unknown ${field} "${name}". Valid ${field === 'priority' ? 'priorities' : `${field}s`}: ${index.names().join(', ')}.`,
    );
  return hit;
}
