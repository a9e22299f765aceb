/**
 * Resources `zammad://ticket/{id}`, `zammad://user/{id}`, `zammad://organization/{id}`,
 * `zammad://overview/{slug}` and `zammad://escalations`: each reads through its tool (get_ticket,
 * get_user, get_organization, get_overview_tickets, list_escalations) and the same pipeline stages —
 * grant, input, entities and scope, handler, output, audit — so a resource shows exactly what the
 * tool would. A resource exists only when its tool is granted. A malformed id or slug is the
 * client's mistake (-32602); a record that does not exist, is hidden or out of scope is "resource
 * not found".
 */
import {
  ProtocolError,
  ProtocolErrorCode,
  ResourceNotFoundError,
  ResourceTemplate,
  type ListResourcesCallback,
  type McpServer,
  type ReadResourceResult,
} from '@modelcontextprotocol/server';
import { newRef } from '../errors.js';
import { budgetCharsOf } from '../tools/budget.js';
import type { AnyTool } from '../tools/define.js';
import type { CompletionSource } from './completions.js';
import type { Completers } from './prompts.js';
import { record } from './deps.js';
import { cleanMessage, output } from './output.js';
import { mapError, prepare, toolContext, type Entry } from './pipeline.js';

interface ResourceSpec {
  kind: string;
  tool: string;
  title: string;
  description: string;
  /** A template's one variable (`{id}`, `{slug}`) and its completion; none for a fixed URI. */
  variable?: { name: string; complete?: CompletionSource };
  /** The template's resources for `resources/list` (the caller's own, read as its identity). */
  list?(entry: Entry, signal: AbortSignal): Promise<Array<{ value: string; name: string }>>;
  /** The tool's arguments from the variable, or what is wrong with it ("Invalid <invalid> in <uri>: <hint>"). */
  args(raw: string | undefined): Record<string, unknown> | { invalid: string; hint: string };
}

const byId = (kind: string, arg: CompletionSource) => (raw: string | undefined) => {
  const id = idOf(raw);
  return id === undefined ? { invalid: `${kind} id`, hint: 'use a positive whole number.' } : { [arg]: id };
};

const SLUG = /^[a-z0-9_]{1,100}$/;

const SPECS: ResourceSpec[] = [
  {
    kind: 'ticket',
    variable: { name: 'id', complete: 'ticket_id' },
    args: byId('ticket', 'ticket_id'),
    tool: 'get_ticket',
    title: 'Zammad ticket',
    description: 'A ticket with its latest articles, by internal id (as get_ticket).',
  },
  {
    kind: 'user',
    variable: { name: 'id', complete: 'user_id' },
    args: byId('user', 'user_id'),
    tool: 'get_user',
    title: 'Zammad user',
    description: 'A user by id (as get_user).',
  },
  {
    kind: 'organization',
    variable: { name: 'id', complete: 'organization_id' },
    args: byId('organization', 'organization_id'),
    tool: 'get_organization',
    title: 'Zammad organization',
    description: 'An organization by id (as get_organization).',
  },
  {
    kind: 'overview',
    variable: { name: 'slug' },
    args: (raw) =>
      raw !== undefined && SLUG.test(raw)
        ? { overview: raw, limit: 100 }
        : { invalid: 'overview', hint: 'use its link, e.g. my_assigned (list_overviews shows them).' },
    // The caller's overviews (one request); an overview whose link is not a slug is left out.
    list: async (entry, signal) =>
      (await entry.deps.zammad.worklist.overviews(signal))
        .filter((o) => SLUG.test(o.link))
        .map((o) => ({ value: o.link, name: o.name })),
    tool: 'get_overview_tickets',
    title: 'Zammad overview',
    description:
      "The first 100 tickets of one of the user's overviews, by its link (as get_overview_tickets).",
  },
  {
    kind: 'escalations',
    args: () => ({}),
    tool: 'list_escalations',
    title: 'Zammad escalations',
    description: 'Open tickets overdue or due within 4 hours (as list_escalations).',
  },
];

function idOf(s: string | undefined): number | undefined {
  if (s === undefined || !/^\d{1,10}$/.test(s)) return undefined;
  const n = Number(s);
  return n >= 1 && n <= 2_147_483_647 ? n : undefined;
}

async function read(
  entry: Entry,
  spec: ResourceSpec,
  tool: AnyTool,
  uri: URL,
  raw: string | string[] | undefined,
  signal: AbortSignal,
): Promise<ReadResourceResult> {
  const { deps } = entry;
  const started = performance.now();
  const callId = newRef();
  const audit = {
    call: callId,
    resource: spec.kind,
    tool: tool.name,
    principal: deps.principal,
    risk: tool.risk,
  };
  const given = spec.args(Array.isArray(raw) ? raw[0] : raw);
  if ('invalid' in given) {
    record(deps, 'info', 'resource read', { ...audit, outcome: 'error', kind: 'input' });
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `Invalid ${String(given.invalid)} in ${uri.href}: ${String(given.hint)}`,
    );
  }
  const args = tool.input.parse(given) as Record<string, unknown>;
  let entities: Record<string, unknown> | undefined;
  try {
    entities = await prepare(tool, args, deps, signal);
    const out = await tool.handler(args, toolContext(deps, signal, tool.name), entities as never);
    const body = output(
      out.text,
      budgetCharsOf(deps),
      `(cut: the resource passed the output budget of ${deps.config.output.budgetTokens} tokens)`,
      deps.privacy,
    );
    record(deps, 'info', 'resource read', {
      ...audit,
      outcome: 'ok',
      ms: Math.round(performance.now() - started),
      cut: body.cut,
    });
    return { contents: [{ uri: uri.href, mimeType: 'text/plain', text: body.text }] };
  } catch (e) {
    const safe = mapError(e, deps, tool, callId, args, entities);
    record(deps, 'info', 'resource read', {
      ...audit,
      outcome: 'error',
      kind: safe.kind,
      ms: Math.round(performance.now() - started),
    });
    const message = deps.privacy ? deps.privacy.text(cleanMessage(safe.message)) : cleanMessage(safe.message);
    if (safe.kind === 'not_found') throw new ResourceNotFoundError(uri.href, message);
    if (safe.kind === 'input') throw new ProtocolError(ProtocolErrorCode.InvalidParams, message);
    // The cause stays out on purpose: only the safe message may reach the client.
    // eslint-disable-next-line preserve-caught-error
    throw new Error(message);
  }
}

/** A resource URI's spec, its granted tool and its variable; undefined when no such resource exists. */
export function resourceOf(
  entry: Entry,
  uri: URL,
): { spec: ResourceSpec; tool: AnyTool; raw: string | undefined } | undefined {
  if (uri.protocol !== 'zammad:') return undefined;
  const kind = uri.host;
  const rest = uri.pathname.replace(/^\//, '');
  const spec = SPECS.find((s) => s.kind === kind);
  if (!spec || (spec.variable ? rest === '' || rest.includes('/') : rest !== '')) return undefined;
  const tool = entry.grant.tools.find((t) => t.name === spec.tool);
  return tool ? { spec, tool, raw: spec.variable ? decodeURIComponent(rest) : undefined } : undefined;
}

/** Reads a resource by URI exactly as `resources/read` would (same checks, errors and audit). */
export async function readResource(entry: Entry, uri: URL, signal: AbortSignal): Promise<ReadResourceResult> {
  const r = resourceOf(entry, uri);
  if (!r) throw new ResourceNotFoundError(uri.href);
  return read(entry, r.spec, r.tool, uri, r.raw, signal);
}

/** A resource's tool arguments from its URI variable (undefined when malformed: the read says why). */
export function argsOf(spec: ResourceSpec, raw: string | undefined): Record<string, unknown> | undefined {
  const given = spec.args(raw);
  return 'invalid' in given ? undefined : given;
}

export type { ResourceSpec };

/** `resources/list` for a template: its entries, or none when Zammad cannot say (the list still answers). */
function listOf(
  entry: Entry,
  spec: ResourceSpec,
  list: NonNullable<ResourceSpec['list']>,
): ListResourcesCallback {
  return async (ctx) => {
    try {
      const rows = await list(entry, ctx.mcpReq.signal);
      return {
        resources: rows.map((r) => ({
          uri: `zammad://${spec.kind}/${r.value}`,
          name: r.name,
          title: `${spec.title}: ${r.name}`,
          mimeType: 'text/plain',
        })),
      };
    } catch (e) {
      entry.deps.log.debug('resource list failed', {
        resource: spec.kind,
        error: e instanceof Error ? e.message : String(e),
      });
      return { resources: [] };
    }
  };
}

export function registerResources(server: McpServer, entry: Entry, completers: Completers): void {
  for (const spec of SPECS) {
    const tool = entry.grant.tools.find((t) => t.name === spec.tool);
    if (!tool) continue;
    const meta = { title: spec.title, description: spec.description, mimeType: 'text/plain' };
    const v = spec.variable;
    if (!v) {
      server.registerResource(spec.kind, `zammad://${spec.kind}`, meta, (uri, ctx) =>
        read(entry, spec, tool, uri, undefined, ctx.mcpReq.signal),
      );
      continue;
    }
    server.registerResource(
      spec.kind,
      new ResourceTemplate(`zammad://${spec.kind}/{${v.name}}`, {
        list: spec.list && listOf(entry, spec, spec.list),
        complete: v.complete ? { [v.name]: completers(v.complete) } : {},
      }),
      meta,
      (uri, variables, ctx) => read(entry, spec, tool, uri, variables[v.name], ctx.mcpReq.signal),
    );
  }
}
