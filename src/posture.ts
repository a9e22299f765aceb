/**
 * The start-up posture: one record stating what is exposed, and a WARN line for every layer
 * that is off or weakened. Never contains a secret.
 */
import type { Config } from './config/index.js';
import { isLoopbackBind } from './config/hosts.js';
import { redisWhere } from './config/redis-url.js';
import { ownHosts } from './transports/http/host-origin.js';
import type { Logger } from './log.js';
import type { Selection } from './policy/select.js';
import { RISKS } from './policy/risk.js';

export function postureOf(
  config: Readonly<Config>,
  sel: Selection,
  transport: string,
): { info: Record<string, unknown>; warnings: string[] } {
  const byRisk: Record<string, string[]> = {};
  for (const r of RISKS) byRisk[r] = sel.enabled.filter((t) => t.risk === r).map((t) => t.name);
  const warnings = [...config.warnings, ...sel.warnings];
  if (config.policy.allowWrite && !config.policy.readOnly)
    warnings.push('Write tools are enabled (MCP_ALLOW_WRITE=true): the assistant can change tickets.');
  if ((byRisk.external?.length ?? 0) > 0)
    warnings.push(
      `External tools are enabled (${byRisk.external?.join(', ')}): customers can receive what the assistant writes, after confirmation.`,
    );
  if ((byRisk.destructive?.length ?? 0) > 0)
    warnings.push(
      `Destructive tools are enabled (${byRisk.destructive?.join(', ')}), each confirmed before it runs.`,
    );
  const gated = (byRisk.external?.length ?? 0) + (byRisk.destructive?.length ?? 0) > 0;
  if (gated && !config.confirmation.keys)
    warnings.push(
      'No MCP_CONFIRMATION_KEY: confirmation tokens are signed with a random per-process key, so they do not survive a restart and are not accepted by other replicas.',
    );
  if (gated && config.confirmation.keys && !config.confirmation.storeUrl && transport === 'http')
    warnings.push(
      'MCP_CONFIRMATION_KEY is set but used confirmations are remembered per process: behind a load balancer, set MCP_CONFIRMATION_STORE_URL so each confirmation is used once across all replicas.',
    );
  if (
    transport === 'http' &&
    !config.policy.policyFile &&
    config.http.auth.apiKeys.length + (config.http.auth.jwt ? 1 : 0) > 1
  )
    warnings.push(
      'Every client gets the same tools and groups (no MCP_POLICY_FILE): rules per principal can narrow each one (docs/security.md, section 7).',
    );
  if (!config.policy.allowedGroups)
    warnings.push('No group scope (MCP_ALLOWED_GROUPS): every group the Zammad token can see is in reach.');
  const privacy = privacyPosture(config, warnings);
  const http = transport === 'http' ? httpPosture(config, warnings) : undefined;
  return {
    info: {
      transport,
      zammad: config.zammad.baseUrl,
      auth: config.zammad.auth.kind,
      ceiling: config.policy.readOnly ? 'read (MCP_READ_ONLY)' : sel.ceiling,
      tools: byRisk,
      denied: config.policy.deniedTools,
      categories: config.policy.allowedCategories ?? 'all',
      toolsets: config.policy.toolsets,
      ...(config.policy.dynamicToolsets
        ? { dynamicToolsets: 'on: clients start with list_toolsets and enable_toolset' }
        : {}),
      groups: config.policy.allowedGroups ?? 'all visible to the token',
      outputBudget: `${config.output.budgetTokens} tokens`,
      shutdownTimeoutMs: config.shutdownTimeoutMs,
      audit: config.audit ? `stderr and ${config.audit.file} (signed chain)` : 'stderr',
      confirmations: {
        key: config.confirmation.keys
          ? `configured (${config.confirmation.keys.length === 1 ? '1 key' : `${config.confirmation.keys.length} keys, the first signs`})`
          : 'random per process',
        spent: config.confirmation.storeUrl
          ? `redis ${redisWhere(config.confirmation.storeUrl)}`
          : 'in memory (this process)',
      },
      privacy,
      policyFile: config.policy.policyFile
        ? `${config.policy.policyFile} (rules per principal; reloaded on SIGHUP and change)`
        : 'none',
      telemetry: config.telemetry
        ? `OTLP ${config.telemetry.protocol}${config.telemetry.tracesUrl ? `, traces to ${new URL(config.telemetry.tracesUrl).host}` : ''}${config.telemetry.metricsUrl ? `, metrics to ${new URL(config.telemetry.metricsUrl).host}` : ''} (names, outcomes, durations; never argument values or ticket text)`
        : 'off',
      ...(http ? { http } : {}),
    },
    warnings,
  };
}

/** What of customers reaches the model provider, and whose text reaches the model (docs/security.md). */
function privacyPosture(config: Readonly<Config>, warnings: string[]): Record<string, unknown> {
  const p = config.privacy;
  if (!p.pseudonymize)
    warnings.push(
      'Pseudonymization is off (MCP_PSEUDONYMIZE): customers’ e-mail addresses, phone numbers and names reach the model provider as they are.',
    );
  else if (!p.pseudonymKey)
    warnings.push(
      'Pseudonymization uses a random per-process key (no MCP_PSEUDONYM_KEY): tokens will not survive a restart and differ between replicas.',
    );
  if (!p.lockdown)
    warnings.push(
      'Lockdown is off (MCP_LOCKDOWN): articles from any sender, strangers included, reach the model (framed as untrusted).',
    );
  return {
    pseudonymize: p.pseudonymize
      ? {
          key: p.pseudonymKey ? 'configured' : 'random per process',
          agents: p.pseudonymizeAgents ? 'pseudonymized' : 'readable',
          keepDomains: p.keepDomains,
          phoneRegion: p.phoneRegion ?? 'international numbers only',
        }
      : 'off',
    lockdown: p.lockdown ? { trustedSenderDomains: p.trustedSenderDomains } : 'off',
  };
}

/** The HTTP transport's exposure: bind, TLS, client authentication, allowlists, limits, identity. */
function httpPosture(config: Readonly<Config>, warnings: string[]): Record<string, unknown> {
  const h = config.http;
  const loopback = isLoopbackBind(h.host);
  const methods = [
    ...(h.auth.apiKeys.length
      ? [`api-key (${h.auth.apiKeys.length} key${h.auth.apiKeys.length === 1 ? '' : 's'})`]
      : []),
    ...(h.auth.jwt ? [`jwt (issuer ${h.auth.jwt.issuer}, audience ${h.auth.jwt.audience.join(' ')})`] : []),
  ];
  // MCP_ALLOW_HTTP and MCP_AUTH_ENABLED=false are warned about by the configuration already.
  if (h.auth.enabled && !loopback && !h.allowedSourceIps)
    warnings.push(
      'No source-IP allowlist (MCP_ALLOWED_SOURCE_IPS): any address that reaches the port may try to authenticate.',
    );
  if (h.limits.ratePerMinute === 0) warnings.push('No rate limit (MCP_RATE_LIMIT_PER_MINUTE=0).');
  if (h.auth.enabled && h.limits.authFailuresPerMinute === 0)
    warnings.push('No limit on wrong credentials per address (MCP_AUTH_FAILURES_PER_MINUTE=0).');
  if (h.identity.actAs)
    warnings.push(
      'Principals act as mapped Zammad users via the From header (MCP_ZAMMAD_ACT_AS_FILE): the service token needs admin.user, so it can act as any user; keep it and the mapping file protected.',
    );
  return {
    bind: `${h.host}:${h.port}`,
    publicUrl: h.publicUrl ?? 'the bind address',
    tls: h.tls
      ? h.tls.clientCa
        ? 'on, client certificates required (mTLS)'
        : 'on'
      : loopback
        ? 'off (loopback)'
        : 'off (MCP_ALLOW_HTTP)',
    clientAuth: h.auth.enabled ? methods.join(', ') : 'OFF',
    allowedHosts: !h.allowedHostsDefault
      ? h.allowedHosts
      : h.port
        ? ownHosts(h.allowedHosts, h.port, h.tls ? 'https' : 'http', h.publicUrl)
        : `${h.allowedHosts.join(', ')}, on the listening port`,
    allowedOrigins: h.allowedOrigins ?? 'same origin',
    allowedSourceIps: h.allowedSourceIps ?? 'any',
    trustedProxies: h.trustedProxies.length ? h.trustedProxies : 'none (X-Forwarded-For ignored)',
    // Numbers as numbers; 0 (a limit turned off) as 'off'. Keys avoid the logger's secret-like
    // names (a key naming credentials is masked whatever its value).
    limits: {
      bodyBytes: h.limits.maxBodyBytes,
      ratePerMinute: h.limits.ratePerMinute || 'off',
      rateBurst: h.limits.rateBurst,
      authFailuresPerMinute: h.limits.authFailuresPerMinute || 'off',
      concurrentPerPrincipal: h.limits.maxConcurrent,
      sessions: h.sessions.max,
      sessionsPerPrincipal: h.sessions.maxPerPrincipal,
      sessionIdleSeconds: h.sessions.idleSeconds,
    },
    zammadIdentity: h.identity.tokens
      ? h.identity.actAs
        ? 'per-principal token or From mapping'
        : 'per-principal token'
      : h.identity.actAs
        ? 'From mapping (act as user)'
        : 'the server’s own credential',
  };
}

export function logPosture(log: Logger, config: Readonly<Config>, sel: Selection, transport: string): void {
  const p = postureOf(config, sel, transport);
  log.info('posture', p.info);
  for (const w of p.warnings) log.warn(w);
}
