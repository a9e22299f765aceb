/**
 * Toolsets: named groups of tools users and models choose from. They only narrow: a toolset holds
 * the tools the rest of the policy already allows, never more. The selection (src/policy/select.ts)
 * drops the toolsets MCP_TOOLSETS does not name; this module decides what a narrower choice (the
 * X-MCP-Toolsets header, dynamic mode's enabled set) leaves, and how each toolset looks to a model.
 */
import { toolCallName } from './principals.js';
import { parseToolsets, TOOLSETS, type Toolset } from './risk.js';

/** One line per toolset: what the work it serves is (list_toolsets shows it, docs/tools.md too). */
export const TOOLSET_PURPOSE: Readonly<Record<Toolset, string>> = {
  worklist: 'What to work on next: overviews, escalations, notifications, who the server acts as.',
  tickets: 'Find, read and change single tickets: search, articles, history, tags, links, notes, replies.',
  customers: "Customers and organizations: look up, search, a customer's tickets, create and update.",
  knowledge: 'Knowledge base and text modules: search, read, draft answers.',
  collaboration: 'Working together on a ticket: checklists, following, time accounting.',
  bulk: 'Changes to many tickets at once, macros and merges.',
  reference: 'Groups, ticket states and priorities.',
};

interface InToolset {
  readonly name: string;
  readonly toolset: Toolset;
}

/** The tools of `tools` whose toolset is in `chosen`, in their order. */
export function inToolsets<T extends InToolset>(tools: readonly T[], chosen: ReadonlySet<Toolset>): T[] {
  return tools.filter((t) => chosen.has(t.toolset));
}

export interface ToolsetView {
  name: Toolset;
  purpose: string;
  /** Tools of the toolset that exist at all. */
  total: number;
  /** Tools of the toolset the policy allows this server (principal, header and settings applied). */
  allowed: string[];
  enabled: boolean;
}

/**
 * Every toolset as a model sees it in dynamic mode: how many of its tools exist, which the policy
 * allows here, and whether it is enabled.
 */
export function toolsetViews(
  all: readonly InToolset[],
  allowed: readonly InToolset[],
  enabled: ReadonlySet<Toolset>,
): ToolsetView[] {
  return TOOLSETS.map((name) => ({
    name,
    purpose: TOOLSET_PURPOSE[name],
    total: all.filter((t) => t.toolset === name).length,
    allowed: allowed.filter((t) => t.toolset === name).map((t) => t.name),
    enabled: enabled.has(name),
  }));
}

/**
 * The toolsets a session of dynamic mode has enabled. Local to one connection (stdio, a 2025 HTTP
 * session), or carried by the server for a principal (stateless 2026-07-28 HTTP requests).
 */
export interface ToolsetChoice {
  enabled(): ReadonlySet<Toolset>;
  /** Adds the toolset; false when it was already enabled. */
  enable(t: Toolset): boolean;
  /** Where the choice lives, in words the model reads in enable_toolset's answer. */
  readonly carried: string;
}

export function localToolsetChoice(): ToolsetChoice {
  const set = new Set<Toolset>();
  return {
    enabled: () => set,
    enable: (t) => !set.has(t) && !!set.add(t),
    carried: 'for this connection (session) until it closes',
  };
}

/**
 * The choices of stateless clients, per principal, held by this process (bounded: the least
 * recently used principal is forgotten past `max`). Every client of one principal shares them.
 */
export class PrincipalToolsetChoices {
  private readonly byPrincipal = new Map<string, Set<Toolset>>();
  constructor(private readonly max = 10_000) {}

  for(principal: string): ToolsetChoice {
    return {
      enabled: () => this.get(principal) ?? new Set<Toolset>(),
      enable: (t) => {
        const set = this.get(principal) ?? new Set<Toolset>();
        this.byPrincipal.set(principal, set);
        while (this.byPrincipal.size > this.max) {
          const oldest = this.byPrincipal.keys().next().value as string;
          this.byPrincipal.delete(oldest);
        }
        if (set.has(t)) return false;
        set.add(t);
        return true;
      },
      carried:
        'by this server for your principal (every client using the same credential sees it) until the server restarts',
    };
  }

  private get(principal: string): Set<Toolset> | undefined {
    const set = this.byPrincipal.get(principal);
    if (set) {
      // Most recently used last.
      this.byPrincipal.delete(principal);
      this.byPrincipal.set(principal, set);
    }
    return set;
  }
}

/**
 * An `X-MCP-Toolsets` request header: the toolsets it names (every one must be a toolset; `all`
 * is all of them), or an error message listing the valid names. Absent or blank: no narrowing.
 */
export function headerToolsets(
  value: string | undefined,
): { ok: true; toolsets?: ReadonlySet<Toolset> } | { ok: false; message: string } {
  if (value === undefined || value.trim() === '') return { ok: true };
  const { toolsets, unknown } = parseToolsets(value.split(','));
  if (unknown.length)
    return {
      ok: false,
      message: `X-MCP-Toolsets names unknown toolsets: ${unknown.join(', ').slice(0, 200)}. Valid toolsets: ${TOOLSETS.join(', ')} (or all).`,
    };
  return { ok: true, toolsets: new Set(toolsets) };
}

/** The tools a request body calls (one message or a batch) that lie outside `chosen`. */
export function callsOutside(
  body: unknown,
  toolsetOf: ReadonlyMap<string, Toolset>,
  chosen: ReadonlySet<Toolset>,
): string[] {
  const out: string[] = [];
  for (const m of Array.isArray(body) ? body : [body]) {
    const name = toolCallName(m);
    const t = name === undefined ? undefined : toolsetOf.get(name);
    if (name !== undefined && t !== undefined && !chosen.has(t)) out.push(name);
  }
  return out;
}
