/**
 * The confirmation gate: every gated call (`external`, `destructive`, or a tool declaring
 * `confirm: 'always'`, see risk.ts) passes here before its handler runs. No setting turns it off. Three ways to confirm, chosen per call from what the client declared:
 *
 * 1. `mrtr` — a 2026-07-28 client with form elicitation: the call returns `input_required` with a
 *    form and a sealed request state; the client asks the human and retries the call with the
 *    answer and the state. The retry runs only with a state this server sealed for exactly this
 *    tool, these arguments and this principal, unexpired and unused, and the answer "confirm".
 * 2. `push` — a 2025-era client with form elicitation: the server sends `elicitation/create` during
 *    the call and waits for the answer. Any error or timeout fails closed; it never falls back to
 *    the token.
 * 3. `none` — the call changes nothing and returns the preview and a single-use token; only
 *    `confirm_action(confirmation)` runs it (see confirmations.ts, confirm-token.ts).
 *
 * The question is built by the tool's `preview` hook from data the server fetched itself, and
 * sanitized. A gated tool without a preview never runs.
 */
import {
  inputRequired,
  type CallToolResult,
  type ElicitRequestFormParams,
  type InputRequiredResult,
} from '@modelcontextprotocol/server';
import { createFrame, sanitizeDeep } from '../content/index.js';
import { cut } from '../content/cut.js';
import type { Logger } from '../log.js';
import { CONFIRM_ACTION } from './confirm-action-name.js';
import type { ConfirmationPreview } from './preview.js';
import { isGated } from './risk.js';
import type { Confirmations, StateRefusal, TokenRefusal } from './confirmations.js';
import {
  answerOf,
  answerOfInputResponses,
  cleanPreview,
  formMessage,
  previewLines,
  REQUESTED_SCHEMA,
  type Answer,
} from './elicit.js';

export { CONFIRM_ACTION, isGated };

/** How the calling client can confirm (see the module comment). */
export type ElicitationSupport = 'mrtr' | 'push' | 'none';

/** What the gate needs to know about the MCP request carrying the call. */
export interface CallContext {
  elicitation: ElicitationSupport;
  /** 2026-07-28 retry: the client's answers, untrusted and unvalidated. */
  inputResponses?: Record<string, unknown> | undefined;
  /** 2026-07-28 retry: the echoed request state, untrusted. */
  requestState?: string | undefined;
  /** 2025 era: sends `elicitation/create` as part of this call. */
  elicit?: ((params: ElicitRequestFormParams, timeoutMs: number) => Promise<unknown>) | undefined;
}

/** A call with nothing to go on: confirmation falls back to the token. */
export const NO_ELICITATION: CallContext = { elicitation: 'none' };

export type Via = 'form' | 'token';

export type GateDecision =
  | { run: true; confirmation: 'accepted'; via: 'form' }
  | { run: false; confirmation: string; via: Via; result: CallToolResult | InputRequiredResult };

export interface GateInput {
  tool: {
    name: string;
    /** What the human must see (read-only requests); undefined: the tool cannot be confirmed. */
    preview: (() => Promise<ConfirmationPreview>) | undefined;
  };
  /** As the tool's input schema validated them. */
  args: unknown;
  call: CallContext;
  /** Who calls, the call's signal and logger. */
  ctx: { principal: string; signal: AbortSignal; log: Logger };
  confirmations: Confirmations;
  /** Whether `confirm_action` is registered, i.e. the token fallback can be redeemed. */
  tokenRedeemable: boolean;
  budgetChars: number;
}

export async function gateCall(g: GateInput): Promise<GateDecision> {
  const { tool, call } = g;
  // Server bug, caught by a registry test too: without a preview there is nothing to confirm.
  if (!tool.preview)
    return refuse(
      'form',
      'refused:no-preview',
      `${tool.name} was NOT performed: it cannot show what it would do, so it cannot be confirmed.`,
    );
  // A 2026-07-28 retry carrying an answer (or state): valid only as the second half of a round
  // trip this server started for exactly this call. Nothing else is fetched or asked.
  if (call.inputResponses !== undefined || call.requestState !== undefined) return answerRound(g);

  const preview = cleanPreview(await tool.preview());
  const form: ElicitRequestFormParams = {
    mode: 'form',
    message: formMessage(tool.name, preview),
    requestedSchema: REQUESTED_SCHEMA,
  };

  if (call.elicitation === 'mrtr') {
    const requestState = g.confirmations.issueState(tool.name, g.args, g.ctx.principal);
    return {
      run: false,
      confirmation: 'issued',
      via: 'form',
      result: inputRequired({ inputRequests: { confirm: inputRequired.elicit(form) }, requestState }),
    };
  }

  if (call.elicitation === 'push' && call.elicit) {
    let raw: unknown;
    try {
      raw = await call.elicit(form, g.confirmations.ttlSeconds * 1000);
    } catch (e) {
      if (g.ctx.signal.aborted) throw e;
      // Fail closed: an error is never a reason to downgrade to the token.
      g.ctx.log.warn('confirmation form failed', { error: e instanceof Error ? e.message : String(e) });
      return refuse(
        'form',
        'refused:elicitation-failed',
        `Confirmation failed: the confirmation form got no valid answer (it failed or timed out), so ${tool.name} was NOT performed.`,
      );
    }
    // The call was cancelled while the human answered: an answer to a call that is gone runs nothing.
    if (g.ctx.signal.aborted)
      return notPerformed('form', 'cancelled', `The call was cancelled: ${tool.name} was NOT performed.`);
    return decide(tool.name, answerOf(raw));
  }

  return tokenResult(g, preview);
}

async function answerRound(g: GateInput): Promise<GateDecision> {
  const { tool, call } = g;
  if (call.requestState === undefined) return stateRefused(tool.name, 'format', g.confirmations);
  const s = await g.confirmations.acceptState(call.requestState, tool.name, g.args, g.ctx.principal);
  if (!s.ok) return stateRefused(tool.name, s.reason, g.confirmations);
  return decide(tool.name, answerOfInputResponses(call.inputResponses));
}

function decide(tool: string, answer: Answer): GateDecision {
  switch (answer) {
    case 'confirmed':
      return { run: true, confirmation: 'accepted', via: 'form' };
    case 'declined':
      return notPerformed(
        'form',
        'declined',
        `The user declined: ${tool} was NOT performed. Do not retry unless the user asks again.`,
      );
    case 'cancelled':
      return notPerformed('form', 'cancelled', `The user cancelled: ${tool} was NOT performed.`);
    case 'invalid':
      return refuse(
        'form',
        'refused:invalid-answer',
        `Confirmation refused: the answer to the confirmation form was not "confirm" or "cancel", so ${tool} was NOT performed.`,
      );
  }
}

function stateRefused(tool: string, reason: StateRefusal, c: Confirmations): GateDecision {
  const again = `Call ${tool} again to ask the user.`;
  const why: Record<StateRefusal, string> = {
    format: `this call carries a confirmation answer that this server did not ask for`,
    mac: `this call carries a confirmation answer that this server did not ask for`,
    tool: `the confirmation was issued for another tool`,
    args: `the arguments changed after the user was asked`,
    expired: `the confirmation expired (it is valid for ${c.stateTtlSeconds} seconds)`,
    principal: `the confirmation was issued to another user`,
    replayed: `this confirmation was already used`,
    unavailable: `the store of used confirmations cannot be reached, so single use cannot be checked`,
  };
  return refuse(
    'form',
    `refused:${reason}`,
    `Confirmation refused: ${why[reason]}, so ${tool} was NOT performed. ${again}`,
  );
}

function tokenResult(g: GateInput, preview: ReturnType<typeof cleanPreview>): GateDecision {
  const { tool } = g;
  if (!g.tokenRedeemable)
    return refuse(
      'token',
      'refused:no-confirmation-channel',
      `${tool.name} was NOT performed: this client cannot show a confirmation form, and confirm_action is disabled by the server's configuration.`,
    );
  const shown = cut(previewLines(preview), Math.max(500, g.budgetChars - 1500));
  // A batch is confirmed only when every item it lists can be shown: never a cut list.
  if (shown.cut && preview.items)
    return refuse(
      'token',
      'refused:too-large',
      `${tool.name} was NOT performed: its preview of ${preview.items.length} items does not fit one answer (MCP_OUTPUT_BUDGET_TOKENS). Split the batch.`,
    );
  const issued = g.confirmations.issueToken(tool.name, g.args, g.ctx.principal);
  if (!issued)
    return refuse(
      'token',
      'refused:too-large',
      `${tool.name} was NOT performed: its arguments are too large to confirm. Use shorter input.`,
    );
  const frame = createFrame();
  const body = shown.text;
  const until = new Date(issued.expiresAt * 1000).toISOString();
  const text = [
    `CONFIRMATION REQUIRED: ${tool.name} was NOT performed yet; nothing has changed. What it would do:`,
    frame.note,
    frame.wrap(body),
    'Next step, do not skip:',
    '1. Show the user what this would do (above) and ask whether to go ahead.',
    '2. An earlier request from the user is not confirmation of this preview.',
    `3. Only if the user now explicitly agrees, call ${CONFIRM_ACTION} with {"confirmation": "${issued.token}"}. ` +
      `It runs exactly this call, once, until ${until}. To change anything, call ${tool.name} again instead.`,
  ].join('\n');
  return {
    run: false,
    confirmation: 'issued',
    via: 'token',
    result: {
      content: [{ type: 'text', text }],
      structuredContent: sanitizeDeep({
        confirmation_required: true,
        tool: tool.name,
        summary: preview.summary,
        details: preview.details.map(([label, value]) => ({ label, value })),
        ...(preview.items ? { items: preview.items } : {}),
        confirmation: issued.token,
        expires_at: until,
      }) as Record<string, unknown>,
    },
  };
}

/** The model-facing reason a `confirm_action` token was refused. */
export function tokenRefusalMessage(
  reason: TokenRefusal | 'invalid-args',
  c: Confirmations,
  tool?: string,
): string {
  const again = 'Call the tool again for a new preview, and ask the user again.';
  const why: Record<TokenRefusal | 'invalid-args', string> = {
    format:
      'this is not a confirmation token of this server. Pass the exact `confirmation` value a gated call returned.',
    mac: `the token does not match what was previewed (its tool or arguments were changed, or it was not issued by this server). ${again}`,
    expired: `the token has expired (tokens are valid for ${c.ttlSeconds} seconds). ${again}`,
    principal: 'the token was issued to another user.',
    disabled: `the token's tool${tool ? ` ${tool}` : ''} is not enabled on this server.`,
    replayed: 'the token was already used: each confirmation runs its action once.',
    unavailable:
      'the store of used confirmations cannot be reached, so it cannot be checked that this token was not used before. Call the tool again for a new preview once it is back (this token may already count as used), and ask the user again.',
    'invalid-args': `the token's arguments are no longer valid for ${tool ?? 'its tool'}. ${again}`,
  };
  return `Confirmation refused: ${why[reason]} The action was NOT performed.`;
}

function notPerformed(via: Via, confirmation: string, text: string): GateDecision {
  return { run: false, confirmation, via, result: { content: [{ type: 'text', text }] } };
}

function refuse(via: Via, confirmation: string, text: string): GateDecision {
  return { run: false, confirmation, via, result: { content: [{ type: 'text', text }], isError: true } };
}
