/**
 * The one call pipeline. Every entry — a tool call, `confirm_action`, a resource read — passes the
 * same stages, in this order, here and nowhere else:
 *   1. granted?     the policy's grant for this server (selection ∩ principal) holds the tool
 *   2. input        parsed by the tool's schema (by the SDK for tool calls), then the tool's `check`
 *   3. entities     the records the tool declares, loaded once; the data scope checked once
 *   4. confirmation the gate, for gated tools (external, destructive, always-confirmed batches)
 *   4b. quotas      the principal's quotas of the policy file, for a call about to run
 *   5. handler      talks to Zammad and renders
 *   6. output       output schema, budget, sanitize + frame (text, structured content, errors)
 *   7. audit        one event per call, with the call id an error's "ref" shows
 * A tool handler never checks policy or scope, never sanitizes, never maps errors.
 */
import type { CallToolResult, InputRequiredResult } from '@modelcontextprotocol/server';
import { sanitizeDeep } from '../content/index.js';
import { newRef } from '../errors.js';
import type { Confirmations } from '../policy/confirmations.js';
import { gateCall, NO_ELICITATION, type CallContext } from '../policy/confirm.js';
import type { Grant } from '../policy/grant.js';
import { isGated } from '../policy/risk.js';
import { budgetCharsOf } from '../tools/budget.js';
import type { AnyTool, BatchRunner, ProgressSink, ToolContext, ToolOutput } from '../tools/define.js';
import { createBatchRunner } from './batch.js';
import { record, type ServerDeps } from './deps.js';
import { hiddenRefError, loadEntities } from './entities.js';
import { ZammadError } from '../zammad/errors.js';
import { meaningOf, toSafeError, type SafeError } from './error-map.js';
import { cleanMessage, output } from './output.js';

/** One server's view of the pipeline: its dependencies, its grant, its confirmations. */
export interface Entry {
  deps: ServerDeps;
  grant: Grant<AnyTool>;
  confirmations: Confirmations;
}

export function toolContext(
  deps: ServerDeps,
  signal: AbortSignal,
  tool: string,
  batch?: BatchRunner,
): ToolContext {
  const { scope } = deps;
  return {
    zammad: deps.zammad,
    config: deps.config,
    signal,
    log: deps.log.child({ tool }),
    principal: deps.principal,
    scope: {
      groups: scope.restricted ? scope.groupNames : undefined,
      visible: (rows, groupOf) => scope.visible(rows, groupOf, signal),
      activeGroups: () => scope.activeGroups(signal),
    },
    batch:
      batch ??
      createBatchRunner({
        concurrency: deps.config.zammad.maxConcurrency,
        signal,
        explain: (e) => toSafeError(e, deps.log, tool, newRef()),
      }),
  };
}

/** Stages 2 (the tool's own input checks) and 3 (its entities, through the data scope). */
export async function prepare(
  tool: AnyTool,
  args: Record<string, unknown>,
  deps: Pick<ServerDeps, 'zammad' | 'scope' | 'config'>,
  signal: AbortSignal,
): Promise<Record<string, unknown>> {
  tool.check?.(args);
  const bodyChars = Math.max(1000, budgetCharsOf(deps) - 1000);
  return loadEntities(tool, args, {
    zammad: deps.zammad,
    scope: deps.scope,
    signal,
    bodyChars,
    concurrency: deps.config.zammad.maxConcurrency,
  });
}

/**
 * What a failure means for this tool (its declared `errors`, the not-found of a `ref` ticket): the
 * error a caller should see. A Zammad error it replaces is logged here with its detail.
 */
export function explain(
  e: unknown,
  deps: Pick<ServerDeps, 'log' | 'config'>,
  tool: AnyTool,
  callId: string,
  args: Record<string, unknown>,
  entities: Record<string, unknown> | undefined,
): unknown {
  const meant = meaningOf(e, {
    tool,
    args,
    ...(entities ? { entities } : {}),
    config: deps.config,
    hiddenRef: hiddenRefError(tool, args),
  });
  if (meant !== e && e instanceof ZammadError && !(meant instanceof ZammadError))
    deps.log.warn('zammad error', {
      tool: tool.name,
      ref: callId,
      kind: e.kind,
      status: e.status,
      detail: e.detail,
    });
  return meant;
}

/** Stage 6's error half: the failure's meaning, then the one mapper to what the model may see. */
export function mapError(
  e: unknown,
  deps: Pick<ServerDeps, 'log' | 'config'>,
  tool: AnyTool,
  callId: string,
  args: Record<string, unknown>,
  entities: Record<string, unknown> | undefined,
): SafeError {
  return toSafeError(explain(e, deps, tool, callId, args, entities), deps.log, tool.name, callId);
}

export function errorResult(message: string): CallToolResult {
  return { content: [{ type: 'text', text: cleanMessage(message) }], isError: true };
}

/** The audit log records which arguments were given, never their values (ticket text, recipients). */
function argKeys(args: unknown): string[] {
  return args && typeof args === 'object' ? Object.keys(args) : [];
}

/**
 * A tool call. `args` as the tool's input schema parsed them. `call` describes the MCP request
 * (era, elicitation support, a 2026-07-28 retry's answer); without it a gated tool falls back to
 * the token. `confirmedBy` is set only by `confirm_action`, after it verified and spent a token for
 * exactly this call. `progress` reports a batch's progress when the request carries a token.
 */
export async function callTool(
  entry: Entry,
  tool: AnyTool,
  args: Record<string, unknown>,
  signal: AbortSignal,
  call: CallContext = NO_ELICITATION,
  o: { confirmedBy?: 'token'; progress?: ProgressSink | undefined } = {},
): Promise<CallToolResult | InputRequiredResult> {
  const t = entry.deps.telemetry;
  // A span around the call; its audit event (outcome, confirmation — never values) ends it.
  const result = t
    ? await t.toolCall({ tool: tool.name, risk: tool.risk, principal: entry.deps.principal }, (seen) =>
        runCall(entry, tool, args, signal, call, o, seen),
      )
    : await runCall(entry, tool, args, signal, call, o);
  return shield(entry.deps, result);
}

/**
 * Stage 6 for everything a call returns that `output` did not already pseudonymize: errors, the
 * gate's answers (the token path's preview), structured content, embedded resources. An
 * input_required result (the human's confirmation form) is left as it is: the human approves the
 * real recipient; the model never receives the form.
 */
function shield<R extends CallToolResult | InputRequiredResult>(deps: ServerDeps, r: R): R {
  return deps.privacy && !SHIELDED.has(r) ? deps.privacy.result(r) : r;
}

/** Results whose every part already passed the pseudonymizer (the success path). */
const SHIELDED = new WeakSet<object>();

async function runCall(
  entry: Entry,
  tool: AnyTool,
  args: Record<string, unknown>,
  signal: AbortSignal,
  call: CallContext,
  o: { confirmedBy?: 'token'; progress?: ProgressSink | undefined },
  seen?: (event: Record<string, unknown>) => void,
): Promise<CallToolResult | InputRequiredResult> {
  const { confirmedBy } = o;
  const deps = seen ? { ...entry.deps, onAudit: seen } : entry.deps;
  const started = performance.now();
  const callId = newRef();
  const ms = (): number => Math.round(performance.now() - started);
  const audit: Record<string, unknown> = {
    call: callId,
    tool: tool.name,
    principal: deps.principal,
    risk: tool.risk,
    args: argKeys(args),
  };
  // 1. Defence in depth: a tool outside the grant is never registered, and is refused here too.
  // The policy file in force is asked again: a reload may have taken the tool from an open session.
  if (!entry.grant.names.has(tool.name) || (deps.gate && !deps.gate.allows(tool))) {
    record(deps, 'warn', 'tool call refused', { ...audit, outcome: 'disabled' });
    return errorResult(`Tool ${tool.name} not found`);
  }
  const ctx = toolContext(
    deps,
    signal,
    tool.name,
    createBatchRunner({
      concurrency: deps.config.zammad.maxConcurrency,
      signal,
      progress: o.progress,
      explain: (e) => mapError(e, deps, tool, callId, args, entities),
      onCancel: () =>
        deps.log.info('tool call cancelled', { call: callId, tool: tool.name, note: 'no new item starts' }),
      // The batch's outcomes join this call's one audit event.
      audit: (batch) => void (audit.batch = batch),
    }),
  );
  // The first call of the process carries the start-up check's finding, should it fail.
  const finding = deps.startupFinding?.take();
  let entities: Record<string, unknown> | undefined;
  try {
    entities = await prepare(tool, args, deps, signal);
    if (confirmedBy) {
      audit.confirmation = 'accepted';
      audit.via = confirmedBy;
    } else if (isGated(tool)) {
      // 4. Nothing below runs until the user confirmed exactly this call.
      audit.confirmation = 'refused:error';
      const loaded = entities;
      const preview = tool.preview;
      const d = await gateCall({
        tool: { name: tool.name, preview: preview ? () => preview(args, ctx, loaded as never) : undefined },
        // Sealed as the model wrote them: a token or request state is readable by the model, so with
        // pseudonymization it carries tokens, never the real recipient.
        args: deps.privacy ? deps.privacy.deep(args) : args,
        call,
        ctx,
        confirmations: entry.confirmations,
        tokenRedeemable: entry.grant.confirmAction,
        budgetChars: budgetCharsOf(deps),
      });
      audit.confirmation = d.confirmation;
      audit.via = d.via;
      if (!d.run) {
        record(deps, 'info', 'tool call', { ...audit, outcome: 'not_performed', ms: ms() });
        return d.result;
      }
      // A form answered during this call (2025 era): what runs is read again now, not as it was
      // when the user was asked.
      if (call.inputResponses === undefined && call.requestState === undefined)
        entities = await prepare(tool, args, deps, signal);
    }
    // 4b. Quotas (MCP_POLICY_FILE): counted only for a call that is about to run.
    const quota = await deps.gate?.take(tool);
    if (quota && !quota.ok) {
      record(deps, 'warn', 'tool call refused', { ...audit, outcome: 'quota', quota: quota.quota, ms: ms() });
      return errorResult(quota.message);
    }
    const out = (await tool.handler(args, ctx, entities as never)) as ToolOutput<unknown>;
    const structured = tool.output.parse(out.structured) as Record<string, unknown>;
    const body = output(
      out.text,
      budgetCharsOf(deps),
      `(cut: the result passed the output budget of ${deps.config.output.budgetTokens} tokens; ask for less: a smaller limit, an offset or a page)`,
      deps.privacy,
    );
    const extra = shield(deps, { content: [...(out.extra ?? [])] }).content;
    const content: CallToolResult['content'] = [{ type: 'text', text: body.text }, ...extra];
    record(deps, 'info', 'tool call', { ...audit, outcome: 'ok', ms: ms(), cut: body.cut });
    const clean = sanitizeDeep(structured);
    const result = { content, structuredContent: deps.privacy ? deps.privacy.deep(clean) : clean };
    SHIELDED.add(result);
    return result;
  } catch (e) {
    const safe = mapError(e, deps, tool, callId, args, entities);
    record(deps, 'info', 'tool call', { ...audit, outcome: 'error', kind: safe.kind, ms: ms() });
    return errorResult(finding ? `${safe.message}\n\nStart-up check: ${finding}` : safe.message);
  }
}
