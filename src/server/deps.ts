/**
 * What one MCP server (one connection, or one request over HTTP) is built from, and the audit
 * record every entry of the pipeline writes.
 */
import type { AuditTrail } from '../audit.js';
import type { Config } from '../config/index.js';
import type { Logger } from '../log.js';
import type { Confirmations } from '../policy/confirmations.js';
import type { Privacy } from '../privacy/index.js';
import type { PrincipalGate } from '../policy/governance.js';
import type { Grant } from '../policy/grant.js';
import type { Scope } from '../policy/scope.js';
import type { ToolsetChoice } from '../policy/toolsets.js';
import type { Telemetry } from '../telemetry/telemetry.js';
import type { AnyTool } from '../tools/define.js';
import type { ZammadClient } from '../zammad/client.js';
import type { StartupFinding } from './startup-finding.js';
import type { SubscriptionHub } from './subscriptions.js';

export interface ServerDeps {
  config: Readonly<Config>;
  zammad: ZammadClient;
  scope: Scope;
  log: Logger;
  /** The tools the policy enabled for this server. Nothing else is registered or callable. */
  tools: readonly AnyTool[];
  /** The policy's grant for `tools` (src/policy/grant.ts); computed from them when not given. */
  grant?: Grant<AnyTool>;
  principal: string;
  /** Confirmation key, lifetimes and spent store, shared by every server of the app. */
  confirmations?: Confirmations;
  /**
   * A server built for one `tools/call` (2026-07-28 over HTTP, a server per request) registers
   * only the called tool (no resources, no prompts): registering all of them was about a
   * twentieth of such a request’s CPU. The grant is unchanged: a name it does not hold is simply
   * not registered (the same "not found" as always). Undefined: register everything.
   */
  onlyTool?: string;
  /**
   * Dynamic mode: the toolsets enabled so far, when they outlive this server (stateless HTTP
   * requests: per principal). Absent: the server keeps its own (one connection or session).
   */
  toolsetChoice?: ToolsetChoice;
  /** Dynamic mode over stateless HTTP: tells listening clients the tool list changed. */
  toolsetsChanged?: () => void;
  /**
   * Pseudonymization and the article review (src/privacy/), shared by every server of the app.
   * Undefined: what Zammad sends reaches the model as it is (after sanitize + frame).
   */
  privacy?: Privacy;
  /**
   * The process's resource subscriptions. Given to servers that outlive a request (stdio, 2025 HTTP
   * sessions): those offer `resources/subscribe`. Absent: no subscriptions (stateless requests).
   */
  subscriptions?: SubscriptionHub;
  /** MCP_AUDIT_FILE: every audit event is appended there too. */
  auditTrail?: AuditTrail;
  /** The start-up check's failure, for the first tool call's error (shared by the app). */
  startupFinding?: StartupFinding;
  /** MCP_POLICY_FILE: the principal's rules in force, asked on every call (grant and quotas). */
  gate?: PrincipalGate;
  /** OpenTelemetry (when configured): a span and metrics per tool call. */
  telemetry?: Telemetry;
  /** Also told every audit event of this call (the telemetry span of a tool call). */
  onAudit?: (event: Record<string, unknown>) => void;
}

/** An audit event: the log line, and the signed line of the audit file when there is one. */
export function record(
  deps: Pick<ServerDeps, 'log' | 'auditTrail' | 'onAudit'>,
  level: 'info' | 'warn',
  msg: string,
  event: Record<string, unknown>,
): void {
  deps.log[level](msg, event);
  deps.onAudit?.(event);
  try {
    deps.auditTrail?.append({ msg, ...event });
  } catch (e) {
    // The call's outcome stands (a write may have happened): the event is on stderr above.
    deps.log.error('audit file not written', {
      call: event.call,
      error: (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e)),
    });
  }
}
