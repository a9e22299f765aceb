/** How the client of one MCP request can confirm: its era and its declared elicitation capability. */
import { CLIENT_CAPABILITIES_META_KEY } from '@modelcontextprotocol/server';
import type { ClientCapabilities, McpServer, ServerContext } from '@modelcontextprotocol/server';
import type { CallContext } from '../policy/confirm.js';
import type { ProgressSink } from '../tools/define.js';

const FIRST_MODERN_REVISION = '2026-07-28';

export function callContextOf(server: McpServer, ctx: ServerContext): CallContext {
  // The era is fixed per server instance (one per connection, or per request over HTTP).
  const revision = server.server.getNegotiatedProtocolVersion();
  const modern = revision !== undefined && revision >= FIRST_MODERN_REVISION;
  // 2026-07-28: the capabilities the request itself declares; 2025 era: those of `initialize`.
  const envelope = ctx.mcpReq.envelope as Record<string, unknown> | undefined;
  const caps: unknown = modern
    ? envelope?.[CLIENT_CAPABILITIES_META_KEY]
    : server.server.getClientCapabilities();
  const state: unknown = ctx.mcpReq.requestState();
  return {
    elicitation: !supportsFormElicitation(caps) ? 'none' : modern ? 'mrtr' : 'push',
    inputResponses: ctx.mcpReq.inputResponses,
    requestState: typeof state === 'string' ? state : undefined,
    // `send` rather than the deprecated `elicitInput`: it ties the request to this call, and it
    // accepts a bare `elicitation: {}` declaration, which means form support (2025-06-18).
    elicit: (params, timeoutMs) =>
      ctx.mcpReq.send(
        { method: 'elicitation/create', params },
        { timeout: timeoutMs, signal: ctx.mcpReq.signal },
      ),
  };
}

/** Form elicitation: declared as `elicitation.form`, or as a bare `elicitation: {}` (pre-mode clients). */
function supportsFormElicitation(caps: unknown): boolean {
  const e: unknown = caps && typeof caps === 'object' ? (caps as ClientCapabilities).elicitation : undefined;
  if (!e || typeof e !== 'object') return false;
  return 'form' in e || !('url' in e);
}

/** Progress notifications for this request, when its client sent a progress token; else undefined. */
export function progressOf(ctx: ServerContext): ProgressSink | undefined {
  const token = ctx.mcpReq._meta?.progressToken;
  if (token === undefined) return undefined;
  return (progress, total, message) =>
    ctx.mcpReq.notify({
      method: 'notifications/progress',
      params: { progressToken: token, progress, total, ...(message ? { message } : {}) },
    });
}
