/**
 * Wires one running server: configuration → Zammad client → scope → tool selection → MCP server factory.
 */
import type { McpServer } from '@modelcontextprotocol/server';
import { AuditTrail } from './audit.js';
import type { Config } from './config/index.js';
import { secretsOf } from './config/index.js';
import { registerBasicAuth, registerSecret, type Logger } from './log.js';
import { createConfirmations, type Confirmations } from './policy/confirmations.js';
import { createScope, expandGroups, type Scope } from './policy/scope.js';
import { selectTools, type Selection } from './policy/select.js';
import { createServer, SubscriptionHub, type Timers } from './server/index.js';
import type { AnyTool } from './tools/define.js';
import { ALL_TOOLS, POLICY_EXTRA_NAMES } from './tools/registry.js';
import { ZammadClient } from './zammad/client.js';

export interface App {
  config: Readonly<Config>;
  zammad: ZammadClient;
  scope: Scope;
  selection: Selection<AnyTool>;
  log: Logger;
  /** Confirmation key, lifetimes and spent store: shared by every server of the process. */
  confirmations: Confirmations;
  /** MCP_AUDIT_FILE, opened: shared by every server of the process. */
  auditTrail?: AuditTrail;
  /** Resource subscriptions: the shared pollers of every session of the process. */
  subscriptions: SubscriptionHub;
  /** A fresh MCP server (one per connection or request). */
  server(principal?: string): McpServer;
  close(): Promise<void>;
}

export class StartupError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** `timers`: what the subscription pollers wait with (tests pass timers that never fire, then poll on demand). */
export async function createApp(
  config: Readonly<Config>,
  log: Logger,
  o: { timers?: Timers } = {},
): Promise<App> {
  for (const s of secretsOf(config)) registerSecret(s);
  const auth = config.zammad.auth;
  if (auth.kind === 'basic') registerBasicAuth(auth.username, auth.password);
  const selection = selectTools(ALL_TOOLS, config.policy, POLICY_EXTRA_NAMES);
  if (selection.errors.length) throw new StartupError(selection.errors);
  const zammad = new ZammadClient(config.zammad);
  if (config.policy.allowedGroups) {
    // Unknown group names must stop the server: a typo must never silently widen or empty the scope.
    const ref = await zammad.reference.get();
    const { unknown } = expandGroups(ref.groups.records, config.policy.allowedGroups);
    if (unknown.length) {
      await zammad.close();
      throw new StartupError([
        `MCP_ALLOWED_GROUPS names groups Zammad does not have: ${unknown.join(', ')}. Valid groups: ${ref.groups.records.map((g) => g.name).join(', ')}.`,
      ]);
    }
  }
  const scope = createScope(zammad, config.policy.allowedGroups);
  let auditTrail: AuditTrail | undefined;
  if (config.audit) {
    try {
      auditTrail = AuditTrail.open(config.audit.file, config.audit.key);
    } catch (e) {
      await zammad.close();
      const why = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
      throw new StartupError([`MCP_AUDIT_FILE ${config.audit.file} cannot be appended to: ${why}.`]);
    }
    // The head goes to the log too: lines cut from the end of the file show against it.
    log.info('audit file', { file: config.audit.file, at: 'open', ...auditTrail.head });
  }
  const confirmations = createConfirmations(config);
  const subscriptions = new SubscriptionHub({
    pollMs: config.subscriptions.pollSeconds * 1000,
    perSession: config.subscriptions.perSession,
    max: config.subscriptions.max,
    log,
    ...(o.timers ? { timers: o.timers } : {}),
  });
  return {
    config,
    zammad,
    scope,
    selection,
    log,
    confirmations,
    subscriptions,
    ...(auditTrail ? { auditTrail } : {}),
    server: (principal = 'local') =>
      createServer({
        config,
        zammad,
        scope,
        log,
        tools: selection.enabled,
        principal,
        confirmations,
        subscriptions,
        ...(auditTrail ? { auditTrail } : {}),
      }),
    close: async () => {
      subscriptions.close();
      await confirmations.close();
      await zammad.close();
      if (auditTrail) {
        log.info('audit file', { file: config.audit?.file, at: 'close', ...auditTrail.head });
        auditTrail.close();
      }
    },
  };
}
