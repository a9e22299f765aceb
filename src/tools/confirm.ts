/**
 * `confirm_action`: the fallback half of the confirmation gate (src/policy/confirm.ts). It is not
 * in the registry: the server lists it only when at least one gated (external or destructive) tool
 * is enabled and MCP_DENIED_TOOLS does not name it, and it runs nothing but the exact call a token
 * was issued for, if that tool is still enabled.
 */
import { z } from 'zod';
import { CONFIRM_ACTION } from '../policy/confirm.js';
import { MAX_SEALED_CHARS } from '../policy/confirm-token.js';
import type { AnyTool, ToolAnnotations } from './define.js';

export { CONFIRM_ACTION };

export const confirmActionInput = z.object({
  confirmation: z
    .string()
    .min(1)
    .max(MAX_SEALED_CHARS)
    .describe('The `confirmation` token a gated call returned, unchanged'),
});

export const CONFIRM_ACTION_TITLE = 'Confirm a previewed action';

export const CONFIRM_ACTION_DESCRIPTION =
  'For clients that cannot show a confirmation form: runs the exact action a gated tool previewed, once. ' +
  'Call it only after the user has seen that preview and explicitly agreed, with the `confirmation` token that call returned. ' +
  'A changed, expired, reused or foreign token is refused and nothing runs.';

/** Not read-only; destructive when it can run a destructive tool. */
export function confirmActionAnnotations(gated: readonly Pick<AnyTool, 'risk'>[]): ToolAnnotations {
  return {
    title: CONFIRM_ACTION_TITLE,
    readOnlyHint: false,
    destructiveHint: gated.some((t) => t.risk === 'destructive'),
    idempotentHint: false,
    openWorldHint: true,
  };
}
