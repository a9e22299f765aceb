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
