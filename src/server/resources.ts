/**
 * Resources `zammad://ticket/{id}`, `zammad://user/{id}`, `zammad://organization/{id}`: each reads
 * through its tool (get_ticket, get_user, get_organization) and the same pipeline stages — grant,
 * input, entities and scope, handler, output, audit — so a resource shows exactly what the tool
 * would. A resource exists only when its tool is granted. A malformed id is the client's mistake
 * (-32602); a record that does not exist, is hidden or out of scope is "resource not found".
 */
import {
  ProtocolError,
  ProtocolErrorCode,
  ResourceNotFoundError,
  ResourceTemplate,
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
  arg: CompletionSource;
  title: string;
  description: string;
}

const SPECS: ResourceSpec[] = [
  {
    kind: 'ticket',
    tool: 'get_ticket',
    arg: 'ticket_id',
    title: 'Zammad ticket',
    description: 'A ticket with its latest articles, by internal id (as get_ticket).',
  },
  {
    kind: 'user',
    tool: 'get_user',
    arg: 'user_id',
    title: 'Zammad user',
    description: 'A user by id (as get_user).',
  },
  {
    kind: 'organization',
    tool: 'get_organization',
    arg: 'organization_id',
    title: 'Zammad organization',
    description: 'An organization by id (as get_organization).',
  },
];

function idOf(v: string | string[] | undefined): number | undefined {
  const s = Array.isArray(v) ? v[0] : v;
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
  const id = idOf(raw);
  if (id === undefined) {
    record(deps, 'info', 'resource read', { ...audit, outcome: 'error', kind: 'input' });
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `Invalid ${spec.kind} id in ${uri.href}: use a positive whole number.`,
    );
  }
  const args = tool.input.parse({ [spec.arg]: id }) as Record<string, unknown>;
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

export function registerResources(server: McpServer, entry: Entry, completers: Completers): void {
  for (const spec of SPECS) {
    const tool = entry.grant.tools.find((t) => t.name === spec.tool);
    if (!tool) continue;
    server.registerResource(
      spec.kind,
      new ResourceTemplate(`zammad://${spec.kind}/{id}`, {
        list: undefined,
        complete: { id: completers(spec.arg) },
      }),
      { title: spec.title, description: spec.description, mimeType: 'text/plain' },
      (uri, variables, ctx) => read(entry, spec, tool, uri, variables.id, ctx.mcpReq.signal),
    );
  }
}
