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

export { DEFAULT_TOOLSETS, isToolset, parseToolsets, TOOLSETS, type Toolset } from '../config/risks.js';

/**
 * A tool's own confirmation demand: `always` — confirmed by a human whatever its risk (a batch of
 * writes is never silent). Declared on the tool; decided here.
 */
export type Confirm = 'always';

/**
 * What is confirmed by a human before it runs: every `external` and `destructive` tool, and any
 * tool that declares `confirm: 'always'`. Nothing makes a confirmation optional.
 */
export function isGated(tool: { risk: Risk; confirm?: Confirm | undefined }): boolean {
  return tool.risk === 'external' || tool.risk === 'destructive' || tool.confirm === 'always';
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

/**
 * The annotations as `tools/list` carries them: what differs from the specification's defaults
 * (readOnlyHint false, destructiveHint true, idempotentHint false, openWorldHint true), without the
 * title the tool already has at top level. Destructive and idempotent hints mean nothing for a
 * read-only tool. The same facts in about a fifth of the tokens, on every tool of every turn.
 */
export function advertisedAnnotations(a: ToolAnnotations): Partial<ToolAnnotations> {
  const out: Partial<ToolAnnotations> = {};
  if (a.readOnlyHint) out.readOnlyHint = true;
  else {
    if (!a.destructiveHint) out.destructiveHint = false;
    if (a.idempotentHint) out.idempotentHint = true;
  }
  if (!a.openWorldHint) out.openWorldHint = false;
  return out;
}
