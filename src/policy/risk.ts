/**
 * The risk vocabulary: what a tool may do, in increasing order of reach. Policy owns it; tools
 * declare one risk each, authentication maps OAuth scopes onto it, and annotations derive from it.
 */
export const RISKS = ['read', 'write', 'external', 'destructive'] as const;
export type Risk = (typeof RISKS)[number];

export const CATEGORIES = ['tickets', 'users', 'organizations', 'groups', 'system', 'knowledge'] as const;
export type Category = (typeof CATEGORIES)[number];

export function isRisk(s: string): s is Risk {
  return (RISKS as readonly string[]).includes(s);
}

/** Risks that are always confirmed by a human before they run. */
export function isGated(tool: { risk: Risk }): boolean {
  return tool.risk === 'external' || tool.risk === 'destructive';
}
