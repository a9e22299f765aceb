/**
 * Dynamic mode (MCP_DYNAMIC_TOOLSETS): `list_toolsets` and `enable_toolset`, the two tools a
 * server starts with. Enabling a toolset adds the tools of it that the grant already holds — the
 * grant is the policy's decision, so a toolset never widens it — and the client is told the tool
 * list changed. Like `confirm_action`, these are not in the registry: the server adds them.
 */
import type { CallToolResult } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { newRef } from '../errors.js';
import { TOOLSETS, type Toolset } from '../policy/risk.js';
import { toolsetViews, type ToolsetChoice, type ToolsetView } from '../policy/toolsets.js';
import type { AnyTool } from '../tools/define.js';
import { ALL_TOOLS } from '../tools/registry.js';
import { record, type ServerDeps } from './deps.js';
import { errorResult } from './pipeline.js';

export const LIST_TOOLSETS = 'list_toolsets';
export const ENABLE_TOOLSET = 'enable_toolset';

export const listToolsetsInput = z.object({});
export const enableToolsetInput = z.object({ toolset: z.enum(TOOLSETS) });

export const TOOLSET_TOOLS = {
  list: {
    title: 'List toolsets',
    description: 'The toolsets you can enable, what each is for, how many tools each adds.',
  },
  enable: {
    title: 'Enable a toolset',
    description: 'Adds the tools of one toolset (see list_toolsets) that your access allows.',
  },
} as const;

/** Read-only, idempotent, closed-world: they only change which tools this client sees. */
export const toolsetAnnotations = (title: string) => ({
  title,
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
});

function line(v: ToolsetView, why: (t: Toolset) => string): string {
  const state = v.enabled ? ' (enabled)' : '';
  const count = v.allowed.length
    ? `${v.allowed.length} of ${v.total} tools allowed`
    : `no tool allowed: ${why(v.name)}`;
  return `- ${v.name}${state}: ${v.purpose} ${count}.`;
}

/** Why a toolset holds no tool this server may use, as precisely as the server knows it. */
function whyNone(deps: ServerDeps): (t: Toolset) => string {
  return (t) =>
    deps.config.policy.toolsets.includes(t)
      ? 'the policy (risk ceiling, denied tools, categories or your credential) allows none of them'
      : 'not in MCP_TOOLSETS';
}

export interface ToolsetDeps {
  deps: ServerDeps;
  /** The tools the policy granted this server, before dynamic mode's choice. */
  granted: readonly AnyTool[];
  choice: ToolsetChoice;
  /** Makes the newly enabled tools callable here and tells the client its tool list changed. */
  enabled(tools: readonly AnyTool[]): void;
}

export function runListToolsets(t: ToolsetDeps): CallToolResult {
  const views = toolsetViews(ALL_TOOLS, t.granted, t.choice.enabled());
  record(t.deps, 'info', 'tool call', {
    call: newRef(),
    tool: LIST_TOOLSETS,
    principal: t.deps.principal,
    outcome: 'ok',
  });
  const text = [
    'Toolsets (enable_toolset adds one; a toolset never widens your access):',
    ...views.map((v) => line(v, whyNone(t.deps))),
  ].join('\n');
  return {
    content: [{ type: 'text', text }],
    structuredContent: {
      toolsets: views.map((v) => ({
        name: v.name,
        purpose: v.purpose,
        tools: v.total,
        allowed: v.allowed.length,
        enabled: v.enabled,
      })),
    },
  };
}

export function runEnableToolset(t: ToolsetDeps, args: { toolset: Toolset }): CallToolResult {
  const name = args.toolset;
  const audit = { call: newRef(), tool: ENABLE_TOOLSET, principal: t.deps.principal, toolset: name };
  const tools = t.granted.filter((x) => x.toolset === name);
  if (tools.length === 0) {
    record(t.deps, 'info', 'tool call', { ...audit, outcome: 'refused' });
    return errorResult(
      `Toolset ${name} was not enabled: ${whyNone(t.deps)(name)}. Nothing changed; list_toolsets shows what you can enable.`,
    );
  }
  const added = t.choice.enable(name);
  if (added) t.enabled(tools);
  record(t.deps, 'info', 'tool call', { ...audit, outcome: 'ok', added, tools: tools.length });
  const names = tools.map((x) => x.name).join(', ');
  const text = added
    ? `Enabled toolset ${name} ${t.choice.carried}: ${names}. The tool list changed; list tools again to see them.`
    : `Toolset ${name} was already enabled (${t.choice.carried}): ${names}.`;
  return {
    content: [{ type: 'text', text }],
    structuredContent: { toolset: name, changed: added, tools: tools.map((x) => x.name) },
  };
}
