/**
 * The risk names, in increasing order of reach: the words the configuration is written in
 * (`MCP_ALLOW_*`, the risks an API key is limited to). Policy gives them their meaning
 * (src/policy/risk.ts re-exports them); they live here so that the configuration, which sits
 * below policy, can check them.
 */
export const RISKS = ['read', 'write', 'external', 'destructive'] as const;
export type Risk = (typeof RISKS)[number];

export function isRisk(s: string): s is Risk {
  return (RISKS as readonly string[]).includes(s);
}

/**
 * The toolsets users choose from (MCP_TOOLSETS, the X-MCP-Toolsets header): named groups of tools
 * that only ever narrow what policy allows. Declared here so the configuration can check names;
 * src/policy/toolsets.ts gives them their purpose.
 */
export const TOOLSETS = [
  'worklist',
  'tickets',
  'customers',
  'knowledge',
  'collaboration',
  'bulk',
  'reference',
] as const;
export type Toolset = (typeof TOOLSETS)[number];

/** Selected when MCP_TOOLSETS is not set. */
export const DEFAULT_TOOLSETS: readonly Toolset[] = [
  'worklist',
  'tickets',
  'customers',
  'knowledge',
  'reference',
];

export function isToolset(s: string): s is Toolset {
  return (TOOLSETS as readonly string[]).includes(s);
}

/**
 * A comma list of toolset names (case-insensitive, `all` for every toolset) → the toolsets, or the
 * names that are not toolsets. One parser for the setting and the HTTP header.
 */
export function parseToolsets(names: readonly string[]): { toolsets: Toolset[]; unknown: string[] } {
  const lower = names.map((n) => n.trim().toLowerCase()).filter((n) => n.length > 0);
  if (lower.includes('all'))
    return { toolsets: [...TOOLSETS], unknown: lower.filter((n) => n !== 'all' && !isToolset(n)) };
  return {
    toolsets: TOOLSETS.filter((t) => lower.includes(t)),
    unknown: lower.filter((n) => !isToolset(n)),
  };
}
