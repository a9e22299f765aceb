/** Tools and policy: the risk ceiling, allow and deny lists, categories and the group scope. */
import type { Reader } from './reader.js';
import { DEFAULT_TOOLSETS, parseToolsets, TOOLSETS, type Toolset } from './risks.js';
import type { PolicyConfig } from './types.js';

export function parsePolicy(r: Reader): PolicyConfig {
  const categories = r.list('MCP_ALLOWED_CATEGORIES');
  const groups = r.list('MCP_ALLOWED_GROUPS');
  const policyFile = r.str('MCP_POLICY_FILE');
  return {
    readOnly: r.bool('MCP_READ_ONLY'),
    allowWrite: r.bool('MCP_ALLOW_WRITE'),
    allowExternal: r.bool('MCP_ALLOW_EXTERNAL'),
    allowDestructive: r.bool('MCP_ALLOW_DESTRUCTIVE'),
    allowedTools: r.list('MCP_ALLOWED_TOOLS'),
    deniedTools: r.list('MCP_DENIED_TOOLS'),
    allowedCategories: categories.length ? categories : undefined,
    allowedGroups: groups.length ? groups : undefined,
    allowedRecipientDomains: r.list('MCP_ALLOWED_RECIPIENT_DOMAINS').map((d) => d.toLowerCase()),
    toolsets: toolsetsOf(r),
    dynamicToolsets: r.bool('MCP_DYNAMIC_TOOLSETS'),
    ...(policyFile ? { policyFile } : {}),
  };
}

/** MCP_TOOLSETS: unset means the default set; a name that is no toolset stops start-up. */
function toolsetsOf(r: Reader): readonly Toolset[] {
  const names = r.list('MCP_TOOLSETS');
  if (names.length === 0) return DEFAULT_TOOLSETS;
  const { toolsets, unknown } = parseToolsets(names);
  if (unknown.length) {
    r.problems.push(
      `MCP_TOOLSETS names unknown toolsets: ${unknown.join(', ')}. Valid toolsets: ${TOOLSETS.join(', ')} (or all).`,
    );
  }
  return toolsets;
}
