/**
 * The risk vocabulary: what a tool may do, in increasing order of reach. Policy owns it; tools
 * declare one risk each, authentication maps OAuth scopes onto it, and annotations derive from it.
 * The names themselves are declared in src/config/risks.ts, so the configuration can check them.
 */
import type { Risk } from '../config/risks.js';
import { effectOf } from './effects.js';

export { isRisk, RISKS, type Risk } from '../config/risks.js';

export const CATEGORIES = ['tickets', 'users', 'organizations', 'groups', 'system', 'knowledge'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Named groups of tools that users choose (MCP_TOOLSETS); they only ever narrow what policy allows. */
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

/** Risks that are always confirmed by a human before they run. */
export function isGated(tool: { risk: Risk }): boolean {
  return tool.risk === 'external' || tool.risk === 'destructive';
}

export interface ToolAnnotations {
  title: string;
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/**
 * MCP annotations: readOnlyHint from the risk; destructiveHint and idempotentHint, which only
 * mean something for a tool that changes Zammad, from its declared effect (effects.ts).
 */
export function annotationsFor(tool: { name: string; risk: Risk; title: string }): ToolAnnotations {
  const read = tool.risk === 'read';
  const effect = read ? undefined : effectOf(tool.name);
  return {
    title: tool.title,
    readOnlyHint: read,
    destructiveHint: tool.risk === 'destructive' || (effect?.overwrites ?? false),
    idempotentHint: read || (effect?.idempotent ?? false),
    // Every tool talks to a Zammad whose content comes from outside (customers' mail).
    openWorldHint: true,
  };
}
