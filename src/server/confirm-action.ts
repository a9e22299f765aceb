/**
 * `confirm_action`: the fallback half of the confirmation gate (src/policy/confirm.ts). It is not
 * in the registry: the policy's grant lists it only when a gated (src/policy/risk.ts) tool is
 * enabled and MCP_DENIED_TOOLS does not name it. It verifies the token (format → MAC → expiry →
 * principal → tool still granted → single use) before anything talks to Zammad, then runs exactly
 * the call the token was issued for through the pipeline. The token and the arguments' values are
 * never logged.
 */
import type { CallToolResult, InputRequiredResult } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { newRef } from '../errors.js';
import { MAX_SEALED_CHARS } from '../policy/confirm-token.js';
import { CONFIRM_ACTION, NO_ELICITATION, tokenRefusalMessage, type CallContext } from '../policy/confirm.js';
import type { ToolAnnotations } from '../policy/risk.js';
import type { AnyTool, ProgressSink } from '../tools/define.js';
import { record } from './deps.js';
import { callTool, errorResult, type Entry } from './pipeline.js';

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

export async function runConfirmAction(
  entry: Entry,
  args: unknown,
  signal: AbortSignal,
  call: CallContext = NO_ELICITATION,
  progress?: ProgressSink,
): Promise<CallToolResult | InputRequiredResult> {
  const { deps, grant } = entry;
  const started = performance.now();
  const audit: Record<string, unknown> = { call: newRef(), tool: CONFIRM_ACTION, principal: deps.principal };
  if (!grant.confirmAction) {
    record(deps, 'warn', 'tool call refused', { ...audit, outcome: 'disabled' });
    return errorResult(`Tool ${CONFIRM_ACTION} not found`);
  }
  const c = entry.confirmations;
  const refused = (reason: string, message: string, target?: string): CallToolResult => {
    record(deps, 'info', 'tool call', {
      ...audit,
      ...(target ? { target } : {}),
      outcome: 'refused',
      confirmation: `refused:${reason}`,
      via: 'token',
      ms: Math.round(performance.now() - started),
    });
    return errorResult(message);
  };
  const input = confirmActionInput.safeParse(args);
  if (!input.success) return refused('format', tokenRefusalMessage('format', c));
  const r = await c.redeemToken(input.data.confirmation, deps.principal, (name) =>
    grant.gated.some((t) => t.name === name),
  );
  if (!r.ok) return refused(r.reason, tokenRefusalMessage(r.reason, c, r.tool), r.tool);
  const tool = grant.gated.find((t) => t.name === r.tool);
  // The token holds the arguments as the model saw them (pseudonym tokens, not the real values).
  let real: unknown;
  try {
    real = deps.privacy ? deps.privacy.resolveArgs(r.args) : r.args;
  } catch {
    return refused('invalid-args', tokenRefusalMessage('invalid-args', c, r.tool), r.tool);
  }
  const parsed = tool?.input.safeParse(real);
  if (!tool || !parsed?.success)
    return refused('invalid-args', tokenRefusalMessage('invalid-args', c, r.tool), r.tool);
  return callTool(entry, tool, parsed.data as Record<string, unknown>, signal, call, {
    confirmedBy: 'token',
    progress,
  });
}
