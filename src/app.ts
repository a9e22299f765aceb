/**
 * Wires one running server: configuration → Zammad client → scope → tool selection → MCP server factory.
 */
import { EventEmitter } from 'node:events';
import type { McpServer } from '@modelcontextprotocol/server';
import { AuditTrail } from './audit.js';
import type { Config, ConfigSource } from './config/index.js';
import { loadConfig, secretsOf } from './config/index.js';
import { registerBasicAuth, registerSecret, type Logger } from './log.js';
import { createConfirmations, type Confirmations } from './policy/confirmations.js';
import type { Governance } from './policy/governance.js';
import { grantOf } from './policy/grant.js';
import { RedisConnection } from './policy/redis.js';
import { createScope, expandGroups, type Scope } from './policy/scope.js';
import { selectTools, type Selection } from './policy/select.js';
import { installPrivacy, pseudonymizingLogger, type Privacy } from './privacy/index.js';
import { createServer, SubscriptionHub, type Timers } from './server/index.js';
import { StartupFinding } from './server/startup-finding.js';
import { NO_TELEMETRY, type Telemetry } from './telemetry/telemetry.js';
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
  /** The start-up check's finding (src/doctor/startup.ts), for the first tool call. */
  startupFinding: StartupFinding;
  /** Pseudonymization and the article review (spoofing warnings, lockdown): one per process. */
  privacy: Privacy;
  /** MCP_POLICY_FILE in force (rules per principal), when configured. */
  governance?: Governance;
  /** OpenTelemetry when an OTLP endpoint is set; otherwise hooks that do nothing. */
  telemetry: Telemetry;
  /** `reload` after every `reload()`: what applied and what was refused (never a secret). */
  events: EventEmitter<{ reload: [ReloadReport] }>;
  /**
   * SIGHUP or a changed policy file: reads the secret files and the policy file again. A file
   * that fails its checks changes nothing of its part; calls in progress finish as they started.
   */
  reload(): Promise<ReloadReport>;
  /** Resource subscriptions: the shared pollers of every session of the process. */
  subscriptions: SubscriptionHub;
  /** A fresh MCP server (one per connection or request). */
  server(principal?: string): McpServer;
  close(): Promise<void>;
}

export interface ReloadReport {
  /** Whether the secret files were read again and applied (a configuration problem keeps the old ones). */
  secrets: { ok: boolean; problems: string[] };
  /** The policy file, when there is one. */
  policy?: { ok: true; version: number } | { ok: false; problems: string[] };
  /** The configuration read again (the transport applies its API keys); undefined when it failed. */
  config?: Readonly<Config>;
}

export class StartupError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

export async function createApp(
  config: Readonly<Config>,
  rawLog: Logger,
  o: {
    /** Where the configuration came from: a reload reads it (and its secret files) again. */
    source?: ConfigSource;
    /** Test hook: the clock of quota windows (epoch ms). */
    now?: () => number;
    /** What the subscription pollers wait with (tests pass timers that never fire, then poll on demand). */
    timers?: Timers;
  } = {},
): Promise<App> {
  for (const s of secretsOf(config)) registerSecret(s);
  const auth = config.zammad.auth;
  if (auth.kind === 'basic') registerBasicAuth(auth.username, auth.password);
  const selection = selectTools(ALL_TOOLS, config.policy, POLICY_EXTRA_NAMES);
  if (selection.errors.length) throw new StartupError(selection.errors);
  const zammad = new ZammadClient(config.zammad);
  let privacy: Privacy;
  try {
    ({ privacy } = await installPrivacy(zammad, config.privacy));
  } catch (e) {
    await zammad.close();
    throw new StartupError([e instanceof Error ? e.message : String(e)]);
  }
  // With pseudonymization, info and warn lines carry tokens, not customers' addresses or names.
  const log = pseudonymizingLogger(rawLog, privacy);
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
  const redis = config.confirmation.storeUrl ? new RedisConnection(config.confirmation.storeUrl) : undefined;
  const confirmations = createConfirmations(config, redis);
  const startupFinding = new StartupFinding();
  // The policy file's code (and its YAML parser) is loaded only when there is one.
  const gov = config.policy.policyFile
    ? await (
        await import('./server/governance.js')
      ).createGovernance(config, zammad, {
        ...(redis ? { redis } : {}),
        ...(o.now ? { now: o.now } : {}),
      })
    : undefined;
  if (gov && !gov.ok) {
    await zammad.close();
    await redis?.close();
    throw new StartupError(gov.problems);
  }
  const governance = gov?.governance;
  // The OpenTelemetry packages are loaded only here, only when an endpoint is configured.
  const telemetry = config.telemetry
    ? await (await import('./telemetry/otel.js')).startTelemetry(config.telemetry)
    : NO_TELEMETRY;
  if (telemetry.enabled) zammad.http.observe((e) => telemetry.upstream(e));
  const events = new EventEmitter<{ reload: [ReloadReport] }>();
  const reload = async (): Promise<ReloadReport> => {
    const report: ReloadReport = { secrets: { ok: true, problems: [] } };
    if (o.source) {
      const r = loadConfig(o.source);
      if (r.ok) {
        for (const s of secretsOf(r.config)) registerSecret(s);
        zammad.http.setAuth(r.config.zammad.auth);
        confirmations.setKeys(r.config.confirmation.keys);
        report.config = r.config;
      } else report.secrets = { ok: false, problems: r.problems };
    }
    if (governance) report.policy = await governance.reload();
    if (!report.secrets.ok) log.warn('reload: secrets kept', { problems: report.secrets.problems });
    if (report.policy && !report.policy.ok)
      log.warn('reload: policy file refused, the policy in force stays', {
        problems: report.policy.problems,
      });
    else if (report.policy) log.info('reload: policy file applied', { version: report.policy.version });
    events.emit('reload', report);
    return report;
  };
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
    startupFinding,
    subscriptions,
    ...(auditTrail ? { auditTrail } : {}),
    privacy,
    ...(governance ? { governance } : {}),
    telemetry,
    events,
    reload,
    server: (principal = 'local') => {
      // stdio: the policy file's rule for `local` (or its default) applies.
      const subject = { id: principal, name: principal, method: 'none' as const };
      const tools = governance ? governance.tools(subject, selection.enabled) : selection.enabled;
      return createServer({
        config,
        zammad,
        scope: governance ? governance.scope(subject, zammad) : scope,
        log,
        tools,
        ...(governance
          ? {
              grant: grantOf(tools, {
                deniedTools: governance.deniedTools(subject, config.policy.deniedTools),
              }),
            }
          : {}),
        principal,
        confirmations,
        startupFinding,
        privacy,
        ...(governance ? { gate: governance.gate(subject) } : {}),
        ...(telemetry.enabled ? { telemetry } : {}),
        subscriptions,
        ...(auditTrail ? { auditTrail } : {}),
      });
    },
    close: async () => {
      subscriptions.close();
      await confirmations.close();
      await governance?.close();
      await redis?.close();
      await telemetry.shutdown();
      await zammad.close();
      if (auditTrail) {
        log.info('audit file', { file: config.audit?.file, at: 'close', ...auditTrail.head });
        auditTrail.close();
      }
    },
  };
}
