/**
 * Completions (`completion/complete`) for prompt arguments and resource-template variables: from
 * the cached reference data, or one bounded Zammad search. The data scope applies (a group or a
 * ticket out of scope is never offered), values are sanitized, and at most 100 are returned.
 * A failure completes nothing rather than failing the client's input box.
 */
import { sanitizeText } from '../content/index.js';
import type { ServerDeps } from './deps.js';

export type CompletionSource =
  'group' | 'state' | 'ticket_number' | 'ticket_id' | 'user_id' | 'organization_id';

export const MAX_COMPLETIONS = 100;

/** How many records one completion may read from Zammad (one request). */
const SEARCH_LIMIT = 50;

const startsWith = (value: string) => (x: string) => x.toLowerCase().startsWith(value.trim().toLowerCase());

function finish(values: Iterable<string>, value: string): string[] {
  const out = new Set<string>();
  for (const v of values) {
    const clean = sanitizeText(v).replace(/\s+/g, ' ').trim();
    if (clean && startsWith(value)(clean)) out.add(clean);
    if (out.size >= MAX_COMPLETIONS) break;
  }
  return [...out];
}

async function values(deps: ServerDeps, source: CompletionSource, value: string): Promise<string[]> {
  const signal = AbortSignal.timeout(deps.config.zammad.timeoutMs);
  switch (source) {
    case 'group':
      return (await deps.scope.activeGroups(signal)).map((g) => g.name).sort((a, b) => a.localeCompare(b));
    case 'state': {
      const ref = await deps.zammad.reference.get(signal);
      return ref.states.records.filter((s) => s.active !== false).map((s) => s.name);
    }
    case 'ticket_number':
    case 'ticket_id': {
      // Numbers and ids are digits: anything else completes to nothing, without a request.
      if (!/^\d{0,20}$/.test(value.trim())) return [];
      const query = source === 'ticket_number' && value.trim() ? `number:${value.trim()}*` : '*';
      const r = await deps.zammad.searchTickets(
        { query, page: 1, perPage: SEARCH_LIMIT, sortBy: 'updated_at', orderBy: 'desc' },
        signal,
      );
      const visible = await deps.scope.visible(r.tickets, (t) => t.group_id, signal);
      return visible.map((t) => (source === 'ticket_id' ? String(t.id) : t.number));
    }
    case 'user_id': {
      if (!/^\d{0,10}$/.test(value.trim())) return [];
      const r = await deps.zammad.searchUsers('*', { page: 1, perPage: SEARCH_LIMIT }, signal);
      return r.users.map((u) => String(u.id));
    }
    case 'organization_id': {
      if (!/^\d{0,10}$/.test(value.trim())) return [];
      const r = await deps.zammad.searchOrganizations('*', { page: 1, perPage: SEARCH_LIMIT }, signal);
      return r.organizations.map((o) => String(o.id));
    }
  }
}

/** A completion callback for one source, bound to this server's Zammad identity and scope. */
export function completer(deps: ServerDeps, source: CompletionSource): (value: string) => Promise<string[]> {
  return async (value) => {
    const v = value.slice(0, 200);
    try {
      return finish(await values(deps, source, v), v);
    } catch (e) {
      deps.log.debug('completion failed', { source, error: e instanceof Error ? e.message : String(e) });
      return [];
    }
  };
}
