/**
 * What the transports need of the running app. src/app.ts assembles it (an `App` is one); the
 * transports sit below that assembly and so describe here what they use instead of importing it.
 */
import type { McpServer } from '@modelcontextprotocol/server';
import type { AuditTrail } from '../audit.js';
import type { Config } from '../config/index.js';
import type { Logger } from '../log.js';
import type { Confirmations } from '../policy/confirmations.js';
import type { Governance } from '../policy/governance.js';
import type { Scope } from '../policy/scope.js';
import type { Privacy } from '../privacy/index.js';
import type { Telemetry } from '../telemetry/telemetry.js';
import type { SubscriptionHub } from '../server/index.js';
import type { AnyTool } from '../tools/define.js';
import type { ZammadClient } from '../zammad/client.js';

export interface ServedApp {
  config: Readonly<Config>;
  zammad: ZammadClient;
  scope: Scope;
  /** The tools the policy enabled. */
  selection: { enabled: readonly AnyTool[] };
  log: Logger;
  confirmations: Confirmations;
  auditTrail?: AuditTrail;
  /** Pseudonymization and the article review; every server and every principal's client gets it. */
  privacy?: Privacy;
  /** MCP_POLICY_FILE in force, when configured: rules per principal. */
  governance?: Governance;
  /** OpenTelemetry, when configured: a span per MCP request. */
  telemetry?: Telemetry;
  /** Reloads (SIGHUP, a changed policy file): a new configuration's API keys reach the transport. */
  events?: {
    on(e: 'reload', fn: (r: { config?: Readonly<Config> }) => void): unknown;
    off(e: 'reload', fn: (r: { config?: Readonly<Config> }) => void): unknown;
  };
  /** Reads the secret and policy files again. */
  reload?(): Promise<unknown>;
  /** Resource subscriptions of sessions (absent: none offered over HTTP). */
  subscriptions?: SubscriptionHub;
  /** A fresh MCP server (one per connection or request). */
  server(principal?: string): McpServer;
  /** Closes confirmations, the Zammad client and the audit file. */
  close(): Promise<void>;
}
