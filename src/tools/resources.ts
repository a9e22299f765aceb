/**
 * Resources `zammad://ticket/{id}`, `zammad://user/{id}`, `zammad://organization/{id}`: each reads
 * through its tool (get_ticket, get_user, get_organization), so the policy, the scope, sanitizing
 * and framing are the same as for the tool. A resource exists only when its tool is enabled.
 */
import { ResourceTemplate, type McpServer, type ReadResourceResult } from '@modelcontextprotocol/server';
import { createFrame, sanitizeText } from '../content/index.js';
import { toSafeError } from '../errors.js';
import type { ServerDeps } from '../server.js';
import { toolContext } from '../server.js';
import { budgetCharsOf } from './budget.js';
import type { AnyTool } from './define.js';
import { cut } from './render/format.js';

interface ResourceSpec {
  kind: string;
  tool: string;
  arg: string;
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

export function registerResources(server: McpServer, deps: ServerDeps): void {
  for (const spec of SPECS) {
    const tool: AnyTool | undefined = deps.tools.find((t) => t.name === spec.tool);
    if (!tool) continue;
    server.registerResource(
      spec.kind,
      new ResourceTemplate(`zammad://${spec.kind}/{id}`, { list: undefined }),
      { title: spec.title, description: spec.description, mimeType: 'text/plain' },
      async (uri, variables, ctx): Promise<ReadResourceResult> => {
        const id = idOf(variables.id);
        if (id === undefined)
          throw new Error(`Invalid ${spec.kind} id in ${uri.href}: use a positive whole number.`);
        const started = performance.now();
        try {
          const args = tool.input.parse({ [spec.arg]: id });
          const out = await tool.handler(args, toolContext(deps, ctx.mcpReq.signal, tool.name));
          const frame = createFrame();
          const { text, cut: wasCut } = cut(sanitizeText(out.text), budgetCharsOf(deps));
          const body = wasCut
            ? `${text}\n(cut: the resource passed the output budget of ${deps.config.output.budgetTokens} tokens)`
            : text;
          deps.log.info('resource read', {
            resource: spec.kind,
            tool: tool.name,
            principal: deps.principal,
            outcome: 'ok',
            ms: Math.round(performance.now() - started),
          });
          return {
            contents: [{ uri: uri.href, mimeType: 'text/plain', text: `${frame.note}\n${frame.wrap(body)}` }],
          };
        } catch (e) {
          const safe = toSafeError(e, deps.log, tool.name);
          deps.log.info('resource read', {
            resource: spec.kind,
            tool: tool.name,
            principal: deps.principal,
            outcome: 'error',
            kind: safe.kind,
            ref: safe.ref,
          });
          // The cause stays out on purpose: only the safe message may reach the client.
          // eslint-disable-next-line preserve-caught-error
          throw new Error(sanitizeText(safe.message));
        }
      },
    );
  }
}
