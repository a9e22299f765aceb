/**
 * The cheapest request that reveals a change, per subscribable resource, read as the subscriber's
 * own Zammad identity and through its scope:
 *   ticket       one GET of the ticket: `updated_at`, article count, state, group, owner, priority
 *   overview     one GET of the overview's rows: their ids and `updated_at`, in order
 *   escalations  list_escalations' one search: ids, deadlines and `updated_at`
 * Not readable (gone, hidden, out of scope) is the fingerprint `hidden`; any other failure is a
 * failed poll (`{ ok: false }`), which never notifies.
 */
import { NotFoundError } from '../errors.js';
import type { AnyTool } from '../tools/define.js';
import { isHidden } from '../zammad/errors.js';
import { HIDDEN, type PollOutcome } from './change-detector.js';
import type { ServerDeps } from './deps.js';
import { toolContext } from './pipeline.js';
import type { Probe } from './subscriptions.js';

export const SUBSCRIBABLE = ['ticket', 'overview', 'escalations'] as const;

type Kind = (typeof SUBSCRIBABLE)[number];

export function isSubscribable(kind: string): kind is Kind {
  return (SUBSCRIBABLE as readonly string[]).includes(kind);
}

const ok = (fingerprint: string): PollOutcome => ({ ok: true, fingerprint });

async function outcome(f: () => Promise<string>): Promise<PollOutcome> {
  try {
    return ok(await f());
  } catch (e) {
    return isHidden(e) || e instanceof NotFoundError ? ok(HIDDEN) : { ok: false };
  }
}

export function probeFor(kind: Kind, args: Record<string, unknown>, deps: ServerDeps, tool: AnyTool): Probe {
  const { zammad, scope } = deps;
  switch (kind) {
    case 'ticket':
      return (signal) =>
        outcome(async () => {
          const t = await zammad.ticket(args.ticket_id as number, signal);
          if (!(await scope.allowsGroup(t.group_id, signal))) return HIDDEN;
          return JSON.stringify([
            t.updated_at,
            t.article_count ?? null,
            t.state_id ?? null,
            t.group_id ?? null,
            t.owner_id ?? null,
            t.priority_id ?? null,
          ]);
        });
    case 'overview':
      return (signal) =>
        outcome(async () => {
          const r = await zammad.worklist.overviewTickets(args.overview as string, signal);
          if (!r.overview) return HIDDEN;
          const rows = await scope.visible(r.tickets, (t) => t.group_id, signal);
          return JSON.stringify(rows.map((t) => [t.id, t.updated_at]));
        });
    case 'escalations':
      return (signal) =>
        outcome(async () => {
          const input = tool.input.parse(args) as Record<string, unknown>;
          const out = await tool.handler(input, toolContext(deps, signal, tool.name), {} as never);
          const rows = (out.structured as { tickets: Array<Record<string, unknown>> }).tickets;
          return JSON.stringify(rows.map((t) => [t.id, t.deadline, t.due_at, t.updated_at]));
        });
  }
}
