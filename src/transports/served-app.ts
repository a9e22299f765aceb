/**
 * What the transports need of the running app. src/app.ts assembles it (an `App` is one); the
 * transports sit below that assembly and so describe here what they use instead of importing it.
 */
import type { McpServer } from '@modelcontextprotocol/server';
import type { AuditTrail } from '../audit.js';
import type { Config } from '../config/index.js';
import type { Logger } from '../log.js';
import type { Confirmations } from '../policy/confirmations.js';
import type { Scope } from '../policy/scope.js';
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
  /** Resource subscriptions of sessions (absent: none offered over HTTP). */
  subscriptions?: SubscriptionHub;
  /** A fresh MCP server (one per connection or request). */
  server(principal?: string): McpServer;
  /** Closes confirmations, the Zammad client and the audit file. */
  close(): Promise<void>;
}
