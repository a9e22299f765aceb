/**
 * Configuration: parsed once, from the environment and CLI flags, into a frozen object.
 * Every problem is reported at once, each with its fix; secret values are never echoed.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SETTINGS, type Setting } from './settings.js';

export type ZammadAuth =
  | { kind: 'token'; token: string }
  | { kind: 'oauth2'; token: string }
  | { kind: 'basic'; username: string; password: string };

export interface ZammadConfig {
  /** Origin plus path prefix, without `/api/v1` and without a trailing slash. */
  baseUrl: string;
  /** `${baseUrl}/api/v1` */
  apiUrl: string;
  auth: ZammadAuth;
  allowHttp: boolean;
  ca?: string;
  timeoutMs: number;
  maxRetries: number;
  maxConcurrency: number;
  cacheTtlMs: number;
}

export interface PolicyConfig {
  readOnly: boolean;
  allowWrite: boolean;
  allowExternal: boolean;
  allowDestructive: boolean;
  allowedTools: string[];
  deniedTools: string[];
  allowedCategories: string[] | undefined;
  allowedGroups: string[] | undefined;
  allowedRecipientDomains: string[];
}

export interface Config {
  zammad: ZammadConfig;
  policy: PolicyConfig;
  output: { budgetTokens: number; attachmentMaxBytes: number; attachmentTypes: string[] };
  confirmation: { key?: string; ttlSeconds: number };
  transport: 'stdio' | 'http';
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Warnings to show in the start-up posture (never contain secrets). */
  warnings: string[];
}

export type ConfigResult = { ok: true; config: Readonly<Config> } | { ok: false; problems: string[] };

export interface ConfigSource {
  env: Record<string, string | undefined>;
  argv?: readonly string[];
  /** For tests: read a secret file. */
  readFile?: (path: string) => string;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.test(hostname);
}

/** Maps `--flag value`, `--flag=value` and bare boolean `--flag` onto their environment names. */
function flagsToEnv(argv: readonly string[], problems: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const byFlag = new Map(SETTINGS.filter((s) => s.flag).map((s) => [s.flag as string, s]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) {
      problems.push(`Unexpected argument "${arg}". Run \`zammad-mcp --help\` for the usage.`);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const setting = byFlag.get(name);
    if (!setting) {
      problems.push(`Unknown option ${name}. Run \`zammad-mcp --help\` for the options.`);
      continue;
    }
    if (eq !== -1) out[setting.env] = arg.slice(eq + 1);
    else if (setting.kind === 'boolean') out[setting.env] = 'true';
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) problems.push(`Option ${name} needs a value.`);
      else {
        out[setting.env] = next;
        i++;
      }
    }
  }
  return out;
}

function parseList(v: string | undefined): string[] {
  if (!v) return [];
  return v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

const BOOL_TRUE = new Set(['1', 'true', 'yes', 'on']);
const BOOL_FALSE = new Set(['0', 'false', 'no', 'off', '']);

export function loadConfig(src: ConfigSource): ConfigResult {
  const problems: string[] = [];
  const warnings: string[] = [];
  const readFile = src.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  const values: Record<string, string | undefined> = { ...src.env, ...flagsToEnv(src.argv ?? [], problems) };

  const raw = (s: Setting): string | undefined => {
    const direct = values[s.env];
    if (s.secret) {
      const file = values[`${s.env}_FILE`];
      if (file !== undefined && file !== '') {
        if (direct !== undefined && direct !== '') {
          problems.push(`${s.env} and ${s.env}_FILE are both set. Set only one of them.`);
          return undefined;
        }
        try {
          const content = readFile(file).trim();
          if (!content) problems.push(`${s.env}_FILE (${file}) is empty. Put the value in that file.`);
          return content || undefined;
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code ?? 'unreadable';
          problems.push(
            `${s.env}_FILE names ${file}, which cannot be read (${code}). Fix the path or its permissions.`,
          );
          return undefined;
        }
      }
    }
    return direct === '' ? undefined : direct;
  };
  const setting = (env: string): Setting => {
    const s = SETTINGS.find((x) => x.env === env);
    if (!s) throw new Error(`unknown setting ${env}`);
    return s;
  };
  const str = (env: string): string | undefined => raw(setting(env));
  const bool = (env: string): boolean => {
    const s = setting(env);
    const v = (raw(s) ?? s.default ?? 'false').toLowerCase();
    if (BOOL_TRUE.has(v)) return true;
    if (BOOL_FALSE.has(v)) return false;
    problems.push(`${env}="${v}" is not a boolean. Use true or false.`);
    return false;
  };
  const int = (env: string, min: number, max: number): number => {
    const s = setting(env);
    const v = raw(s) ?? s.default ?? '0';
    const n = z.coerce.number().int().min(min).max(max).safeParse(v);
    if (!n.success) {
      problems.push(`${env}="${v}" must be a whole number from ${min} to ${max}.`);
      return Number(s.default ?? min);
    }
    return n.data;
  };
  const oneOf = <T extends string>(env: string): T => {
    const s = setting(env);
    const v = raw(s) ?? s.default ?? '';
    if (!s.values?.includes(v)) {
      problems.push(`${env}="${v}" is not allowed. Use one of: ${(s.values ?? []).join(', ')}.`);
      return (s.default ?? '') as T;
    }
    return v as T;
  };

  // --- Zammad URL
  const allowHttp = bool('ZAMMAD_ALLOW_HTTP');
  let baseUrl = '';
  const urlRaw = str('ZAMMAD_URL');
  if (!urlRaw) {
    problems.push(
      'ZAMMAD_URL is not set. Set it to your Zammad address, e.g. https://support.example.com (or run `zammad-mcp demo` to try the built-in sandbox).',
    );
  } else {
    let u: URL | undefined;
    try {
      u = new URL(urlRaw);
    } catch {
      problems.push(`ZAMMAD_URL is not a valid URL. Use the form https://support.example.com.`);
    }
    if (u) {
      if (u.protocol !== 'https:' && u.protocol !== 'http:') {
        problems.push(`ZAMMAD_URL must use https:// (got ${u.protocol}//).`);
      } else if (u.protocol === 'http:' && !isLoopbackHost(u.hostname) && !allowHttp) {
        problems.push(
          `ZAMMAD_URL uses plain http:// to ${u.hostname}, which would send your credentials unencrypted. Use https://, or set ZAMMAD_ALLOW_HTTP=true if you accept that risk.`,
        );
      }
      if (u.username || u.password)
        problems.push('ZAMMAD_URL must not contain credentials. Use ZAMMAD_HTTP_TOKEN instead.');
      if (u.search || u.hash) problems.push('ZAMMAD_URL must not contain a query or fragment.');
      if (u.protocol === 'http:' && !isLoopbackHost(u.hostname) && allowHttp) {
        warnings.push(`ZAMMAD_ALLOW_HTTP=true: requests to ${u.hostname} are not encrypted.`);
      }
      const path = u.pathname.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
      baseUrl = `${u.protocol}//${u.host}${path}`;
    }
  }

  // --- Zammad auth: exactly one method
  const httpToken = str('ZAMMAD_HTTP_TOKEN');
  const oauth = str('ZAMMAD_OAUTH2_TOKEN');
  const username = str('ZAMMAD_USERNAME');
  const password = str('ZAMMAD_PASSWORD');
  const methods = [
    httpToken && 'ZAMMAD_HTTP_TOKEN',
    oauth && 'ZAMMAD_OAUTH2_TOKEN',
    (username || password) && 'ZAMMAD_USERNAME/ZAMMAD_PASSWORD',
  ].filter(Boolean) as string[];
  let auth: ZammadAuth = { kind: 'token', token: '' };
  if (methods.length === 0) {
    problems.push(
      'No Zammad credentials. Set ZAMMAD_HTTP_TOKEN (an access token from your Zammad profile → Token Access).',
    );
  } else if (methods.length > 1) {
    problems.push(
      `Several Zammad authentication methods are set (${methods.join(', ')}). Set exactly one; a token is preferred.`,
    );
  } else if (httpToken) auth = { kind: 'token', token: httpToken };
  else if (oauth) auth = { kind: 'oauth2', token: oauth };
  else if (!username || !password) {
    problems.push(
      'Basic authentication needs both ZAMMAD_USERNAME and ZAMMAD_PASSWORD (or use ZAMMAD_HTTP_TOKEN instead).',
    );
  } else {
    auth = { kind: 'basic', username, password };
    warnings.push(
      'Using HTTP Basic authentication: prefer ZAMMAD_HTTP_TOKEN (scoped permissions, works with 2FA).',
    );
  }

  let ca: string | undefined;
  const caFile = str('ZAMMAD_CA_FILE');
  if (caFile) {
    try {
      ca = readFile(caFile);
      if (!ca.includes('-----BEGIN CERTIFICATE-----'))
        problems.push(`ZAMMAD_CA_FILE (${caFile}) holds no PEM certificate.`);
    } catch (e) {
      problems.push(
        `ZAMMAD_CA_FILE names ${caFile}, which cannot be read (${(e as NodeJS.ErrnoException).code ?? 'unreadable'}).`,
      );
    }
  }

  const confirmationKey = str('MCP_CONFIRMATION_KEY');
  if (confirmationKey !== undefined && confirmationKey.length < 32) {
    problems.push(
      'MCP_CONFIRMATION_KEY is too short. Use at least 32 random characters, e.g. from `openssl rand -hex 32`.',
    );
  }
  const categories = parseList(str('MCP_ALLOWED_CATEGORIES'));
  const groups = parseList(str('MCP_ALLOWED_GROUPS'));

  const config: Config = {
    zammad: {
      baseUrl,
      apiUrl: `${baseUrl}/api/v1`,
      auth,
      allowHttp,
      ...(ca !== undefined ? { ca } : {}),
      timeoutMs: int('ZAMMAD_TIMEOUT_MS', 1000, 120_000),
      maxRetries: int('ZAMMAD_MAX_RETRIES', 0, 5),
      maxConcurrency: int('ZAMMAD_MAX_CONCURRENCY', 1, 64),
      cacheTtlMs: int('ZAMMAD_CACHE_TTL_SECONDS', 0, 86_400) * 1000,
    },
    policy: {
      readOnly: bool('MCP_READ_ONLY'),
      allowWrite: bool('MCP_ALLOW_WRITE'),
      allowExternal: bool('MCP_ALLOW_EXTERNAL'),
      allowDestructive: bool('MCP_ALLOW_DESTRUCTIVE'),
      allowedTools: parseList(str('MCP_ALLOWED_TOOLS')),
      deniedTools: parseList(str('MCP_DENIED_TOOLS')),
      allowedCategories: categories.length ? categories : undefined,
      allowedGroups: groups.length ? groups : undefined,
      allowedRecipientDomains: parseList(str('MCP_ALLOWED_RECIPIENT_DOMAINS')).map((d) => d.toLowerCase()),
    },
    output: {
      budgetTokens: int('MCP_OUTPUT_BUDGET_TOKENS', 500, 50_000),
      attachmentMaxBytes: int('MCP_ATTACHMENT_MAX_BYTES', 1024, 20 * 1024 * 1024),
      attachmentTypes: parseList(str('MCP_ATTACHMENT_TYPES')).map((t) => t.toLowerCase()),
    },
    confirmation: {
      ...(confirmationKey !== undefined ? { key: confirmationKey } : {}),
      ttlSeconds: int('MCP_CONFIRMATION_TTL_SECONDS', 30, 3600),
    },
    transport: oneOf<'stdio' | 'http'>('MCP_TRANSPORT'),
    logLevel: oneOf<'debug' | 'info' | 'warn' | 'error'>('MCP_LOG_LEVEL'),
    warnings,
  };
  if (problems.length) return { ok: false, problems };
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
  if (c.confirmation.key) out.push(c.confirmation.key);
  return out.filter((s) => s.length > 0);
}
