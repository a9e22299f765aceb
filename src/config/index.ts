/**
 * Configuration: parsed once, from the environment and CLI flags, into a frozen object.
 * One parser per area (this folder); every problem is reported at once, each with its fix;
 * secret values are never echoed.
 */
import { parseAudit } from './audit.js';
import { parseConfirmations } from './confirmations.js';
import { unknownVariables } from './environment.js';
import { parseHttp } from './http.js';
import { parseOutput } from './output.js';
import { parseSubscriptions } from './subscriptions.js';
import { parsePolicy } from './policy.js';
import { parsePrivacy } from './privacy.js';
import { createReader, type ConfigSource } from './reader.js';
import { parseRedisUrl } from './redis-url.js';
import { parseTelemetry } from './telemetry.js';
import type { Config, ConfigResult } from './types.js';
import { parseZammad } from './zammad.js';

export type { ConfigSource } from './reader.js';
export type {
  Config,
  ConfigResult,
  ConfirmationConfig,
  HttpConfig,
  OutputConfig,
  PolicyConfig,
  PrivacyConfig,
  TelemetryConfig,
  SubscriptionConfig,
  ZammadAuth,
  ZammadConfig,
} from './types.js';
export { isLoopbackHost } from './hosts.js';

export function loadConfig(src: ConfigSource): ConfigResult {
  const r = createReader(src);
  const zammad = parseZammad(r);
  const confirmation = parseConfirmations(r);
  const audit = parseAudit(r);
  const transport = r.oneOf<'stdio' | 'http'>('MCP_TRANSPORT');
  const telemetry = parseTelemetry(r, src.env);
  const config: Config = {
    zammad,
    policy: parsePolicy(r),
    output: parseOutput(r),
    confirmation,
    privacy: parsePrivacy(r),
    subscriptions: parseSubscriptions(r),
    transport,
    shutdownTimeoutMs: r.int('MCP_SHUTDOWN_TIMEOUT_MS'),
    http: parseHttp(r, transport === 'http'),
    logLevel: r.oneOf<'debug' | 'info' | 'warn' | 'error'>('MCP_LOG_LEVEL'),
    ...(audit ? { audit } : {}),
    ...(telemetry ? { telemetry } : {}),
    warnings: r.warnings,
  };
  r.problems.push(...unknownVariables(src.env, r.list('MCP_EXTRA_ENV')));
  if (r.problems.length) return { ok: false, problems: r.problems };
  return { ok: true, config: deepFreeze(config) };
}

function deepFreeze<T>(o: T): Readonly<T> {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/** The secrets of a configuration, for the logger's redaction list. */
export function secretsOf(c: Config): string[] {
  const a = c.zammad.auth;
  const out = a.kind === 'basic' ? [a.password] : [a.token];
  out.push(...(c.confirmation.keys ?? []));
  if (c.audit) out.push(c.audit.key);
  if (c.privacy.pseudonymKey) out.push(c.privacy.pseudonymKey);
  const store = c.confirmation.storeUrl ? parseRedisUrl(c.confirmation.storeUrl) : undefined;
  if (store?.password) out.push(store.password);
  if (c.http.tls) out.push(c.http.tls.key);
  out.push(...Object.values(c.http.identity.tokens ?? {}));
  return out.filter((s) => s.length > 0);
}
