/**
 * Configuration: parsed once, from the environment and CLI flags, into a frozen object.
 * Every problem is reported at once, each with its fix; secret values are never echoed.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseApiKeys, type ApiKeyEntry } from './auth/api-keys.js';
import { ASYMMETRIC_ALGORITHMS } from './auth/algorithms.js';
import { parseRedisUrl } from './policy/redis-url.js';
import { SETTINGS, type Setting } from './settings.js';
import { hostForHeader, normalizeOrigin, parseHost } from './transports/http/guards.js';
import { parseCidr } from './transports/http/ip.js';

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

export interface HttpConfig {
  host: string;
  port: number;
  /** The URL clients use for `/mcp` (MCP_PUBLIC_URL), the resource identifier. */
  publicUrl?: string;
  /** Plain HTTP on a non-loopback bind, accepted by MCP_ALLOW_HTTP=true. */
  allowHttp: boolean;
  tls?: { cert: string; key: string; clientCa?: string };
  auth: {
    enabled: boolean;
    apiKeys: ApiKeyEntry[];
    jwt?: { jwksUrl: string; issuer: string; audience: string[]; algorithms: string[] };
  };
  /** `host` or `host:port` entries; never empty. */
  allowedHosts: string[];
  /** Browser origins allowed besides our own; undefined = same origin only. */
  allowedOrigins?: string[];
  /** IPs/CIDRs; undefined = any. */
  allowedSourceIps?: string[];
  trustedProxies: string[];
  limits: {
    maxBodyBytes: number;
    ratePerMinute: number;
    rateBurst: number;
    /** Wrong credentials accepted per minute from one source address (IPv6: a /64); 0 = no limit. */
    authFailuresPerMinute: number;
    maxConcurrent: number;
    headersTimeoutMs: number;
    requestTimeoutMs: number;
  };
  sessions: { idleSeconds: number; max: number; maxPerPrincipal: number };
  /** Per-principal Zammad identity, keyed by API-key name or JWT subject. */
  identity: { actAs?: Record<string, string>; tokens?: Record<string, string> };
}

export interface Config {
  zammad: ZammadConfig;
  policy: PolicyConfig;
  output: { budgetTokens: number; attachmentMaxBytes: number; attachmentTypes: string[] };
  confirmation: {
    /** MCP_CONFIRMATION_KEY: the first signs, every one verifies (rotation). Absent: random per process. */
    keys?: string[];
    ttlSeconds: number;
    /** MCP_CONFIRMATION_STORE_URL: Redis shared by replicas for spent confirmations. Absent: in memory. */
    storeUrl?: string;
  };
  transport: 'stdio' | 'http';
  http: HttpConfig;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** MCP_AUDIT_FILE with the key that signs its lines (both or neither). */
  audit?: { file: string; key: string };
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

  const keysRaw = str('MCP_CONFIRMATION_KEY');
  const confirmationKeys = keysRaw === undefined ? undefined : parseList(keysRaw.replace(/\r?\n/g, ','));
  if (confirmationKeys !== undefined) {
    if (confirmationKeys.length === 0) problems.push('MCP_CONFIRMATION_KEY is empty.');
    const short = confirmationKeys.filter((k) => k.length < 32).length;
    if (short > 0)
      problems.push(
        `MCP_CONFIRMATION_KEY: ${confirmationKeys.length === 1 ? 'the key is' : `${short} of its ${confirmationKeys.length} keys ${short === 1 ? 'is' : 'are'}`} too short. Use at least 32 random characters per key, e.g. from \`openssl rand -hex 32\`; separate several keys with commas or line breaks (the first signs).`,
      );
  }
  const storeUrl = str('MCP_CONFIRMATION_STORE_URL');
  if (storeUrl !== undefined && !parseRedisUrl(storeUrl))
    problems.push(
      'MCP_CONFIRMATION_STORE_URL must be a Redis URL: redis://[[user]:password@]host[:port][/db], or rediss:// for TLS.',
    );
  const auditFile = str('MCP_AUDIT_FILE');
  const auditKey = str('MCP_AUDIT_KEY');
  if (auditFile !== undefined && auditKey === undefined)
    problems.push(
      'MCP_AUDIT_FILE needs MCP_AUDIT_KEY (or MCP_AUDIT_KEY_FILE): at least 32 random characters that sign its lines, e.g. from `openssl rand -hex 32`.',
    );
  if (auditKey !== undefined && auditKey.length < 32)
    problems.push(
      'MCP_AUDIT_KEY is too short. Use at least 32 random characters, e.g. from `openssl rand -hex 32`.',
    );
  const transport = oneOf<'stdio' | 'http'>('MCP_TRANSPORT');
  const http = parseHttp({ str, bool, int, readFile, problems, warnings, active: transport === 'http' });

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
      ...(confirmationKeys?.length ? { keys: confirmationKeys } : {}),
      ttlSeconds: int('MCP_CONFIRMATION_TTL_SECONDS', 30, 3600),
      ...(storeUrl !== undefined ? { storeUrl } : {}),
    },
    transport,
    http,
    logLevel: oneOf<'debug' | 'info' | 'warn' | 'error'>('MCP_LOG_LEVEL'),
    ...(auditFile !== undefined && auditKey !== undefined
      ? { audit: { file: auditFile, key: auditKey } }
      : {}),
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
  out.push(...(c.confirmation.keys ?? []));
  if (c.audit) out.push(c.audit.key);
  const store = c.confirmation.storeUrl ? parseRedisUrl(c.confirmation.storeUrl) : undefined;
  if (store?.password) out.push(store.password);
  if (c.http.tls) out.push(c.http.tls.key);
  out.push(...Object.values(c.http.identity.tokens ?? {}));
  return out.filter((s) => s.length > 0);
}

const defaultOf = (env: string): string => SETTINGS.find((s) => s.env === env)?.default ?? '';

const WILDCARD = new Set(['0.0.0.0', '::', '[::]']);
const LOCAL_NAMES = ['localhost', '127.0.0.1', '[::1]'];

interface HttpParse {
  str: (env: string) => string | undefined;
  bool: (env: string) => boolean;
  int: (env: string, min: number, max: number) => number;
  readFile: (path: string) => string;
  problems: string[];
  warnings: string[];
  /** Cross-checks (auth, bind, TLS) apply only when HTTP is the transport. */
  active: boolean;
}

/** `principal:value` lines (`#` comments); problems name the line, never the value. */
function parsePairs(text: string, source: string, problems: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  let n = 0;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    n++;
    const i = line.indexOf(':');
    const key = i > 0 ? line.slice(0, i).trim() : '';
    const value = i > 0 ? line.slice(i + 1).trim() : '';
    if (!key || !value) {
      problems.push(`${source} line ${n} is not \`principal:value\`.`);
      continue;
    }
    if (key in out) problems.push(`${source} names ${key} twice.`);
    out[key] = value;
  }
  return out;
}

function parseHttp(p: HttpParse): HttpConfig {
  const { str, bool, int, problems, warnings, active } = p;
  const need = (msg: string): void => {
    if (active) problems.push(msg);
  };
  const readPem = (env: string, marker: RegExp, what: string): string | undefined => {
    const path = str(env);
    if (!path) return undefined;
    try {
      const pem = p.readFile(path);
      if (!marker.test(pem)) need(`${env} (${path}) holds no PEM ${what}.`);
      return pem;
    } catch (e) {
      need(
        `${env} names ${path}, which cannot be read (${(e as NodeJS.ErrnoException).code ?? 'unreadable'}).`,
      );
      return undefined;
    }
  };

  // --- bind
  const host = (str('MCP_HTTP_HOST') ?? defaultOf('MCP_HTTP_HOST')).trim();
  const port = int('MCP_HTTP_PORT', 0, 65535);
  const loopback = isLoopbackHost(host.replace(/^\[|\]$/g, '')) || isLoopbackHost(host);
  const wildcard = WILDCARD.has(host);
  if (!parseHost(hostForHeader(host.replace(/^\[|\]$/g, ''))))
    need(`MCP_HTTP_HOST="${host}" is not an address or host name.`);

  // --- public URL
  let publicUrl: string | undefined;
  const pub = str('MCP_PUBLIC_URL');
  if (pub) {
    try {
      const u = new URL(pub);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') need('MCP_PUBLIC_URL must be an https:// URL.');
      else if (u.username || u.password || u.search || u.hash)
        need('MCP_PUBLIC_URL must not contain credentials, a query or a fragment.');
      else {
        const path = u.pathname.replace(/\/+$/, '');
        publicUrl = `${u.origin}${path === '' ? '/mcp' : path}`;
      }
    } catch {
      need('MCP_PUBLIC_URL is not a valid URL. Use the form https://mcp.example.com/mcp.');
    }
  }

  // --- TLS
  const cert = readPem('MCP_TLS_CERT_FILE', /-----BEGIN CERTIFICATE-----/, 'certificate');
  const key = str('MCP_TLS_KEY');
  if (key !== undefined && !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key))
    need('MCP_TLS_KEY holds no PEM private key.');
  const clientCa = readPem('MCP_TLS_CLIENT_CA_FILE', /-----BEGIN CERTIFICATE-----/, 'certificate');
  if ((cert !== undefined) !== (key !== undefined))
    need('TLS is half configured: set both MCP_TLS_CERT_FILE and MCP_TLS_KEY_FILE, or neither.');
  if (clientCa !== undefined && (cert === undefined || key === undefined))
    need('MCP_TLS_CLIENT_CA_FILE (mutual TLS) needs MCP_TLS_CERT_FILE and MCP_TLS_KEY_FILE too.');
  const tls =
    cert !== undefined && key !== undefined ? { cert, key, ...(clientCa ? { clientCa } : {}) } : undefined;

  // --- TLS-or-loopback
  const allowHttp = bool('MCP_ALLOW_HTTP');
  if (!loopback && !tls) {
    if (!allowHttp)
      need(
        `MCP_HTTP_HOST=${host} would serve plain HTTP beyond this machine: client credentials and ticket data would cross the network unencrypted. Set MCP_TLS_CERT_FILE and MCP_TLS_KEY_FILE, bind 127.0.0.1, or set MCP_ALLOW_HTTP=true if a TLS-terminating proxy is in front.`,
      );
    else if (active)
      warnings.push(
        `MCP_ALLOW_HTTP=true: plain HTTP is served on ${host}; credentials cross that network unencrypted.`,
      );
  }

  // --- Host allowlist
  const hostsRaw = parseList(str('MCP_ALLOWED_HOSTS'));
  const badHosts = hostsRaw.filter((h) => !parseHost(h));
  if (badHosts.length)
    need(`MCP_ALLOWED_HOSTS has entries that are not host or host:port: ${badHosts.join(', ')}.`);
  if (wildcard && hostsRaw.length === 0 && !publicUrl)
    need(
      `MCP_HTTP_HOST=${host} listens on every address, so the Host allowlist cannot default to it: set MCP_ALLOWED_HOSTS (the names clients use) or MCP_PUBLIC_URL.`,
    );
  const allowedHosts = hostsRaw.length
    ? hostsRaw.map((h) => h.toLowerCase())
    : [
        ...new Set([
          ...(wildcard ? [] : [hostForHeader(host)]),
          ...LOCAL_NAMES,
          ...(publicUrl ? [new URL(publicUrl).host.toLowerCase()] : []),
        ]),
      ];

  // --- Origins, source IPs, proxies
  const originsRaw = parseList(str('MCP_ALLOWED_ORIGINS'));
  const badOrigins = originsRaw.filter((o) => !normalizeOrigin(o));
  if (badOrigins.length)
    need(
      `MCP_ALLOWED_ORIGINS has entries that are not origins (scheme://host[:port]): ${badOrigins.join(', ')}.`,
    );
  const ips = parseList(str('MCP_ALLOWED_SOURCE_IPS'));
  const badIps = ips.filter((i) => !parseCidr(i));
  if (badIps.length)
    need(`MCP_ALLOWED_SOURCE_IPS has entries that are not IPs or CIDR ranges: ${badIps.join(', ')}.`);
  const proxies = parseList(str('MCP_TRUSTED_PROXIES'));
  const badProxies = proxies.filter((i) => !parseCidr(i));
  if (badProxies.length)
    need(`MCP_TRUSTED_PROXIES has entries that are not IPs or CIDR ranges: ${badProxies.join(', ')}.`);

  // --- client authentication
  const authEnabled = bool('MCP_AUTH_ENABLED');
  const keysText = str('MCP_API_KEYS');
  let apiKeys: ApiKeyEntry[] = [];
  if (keysText !== undefined) {
    const r = parseApiKeys(keysText);
    apiKeys = r.keys;
    for (const x of r.problems) need(x);
    if (r.keys.length === 0 && r.problems.length === 0)
      need('MCP_API_KEYS holds no keys. Add a line made by `zammad-mcp keygen <name>`.');
  }
  const jwksUrl = str('MCP_OAUTH_JWKS_URL');
  const issuer = str('MCP_OAUTH_ISSUER');
  const audience = parseList(str('MCP_OAUTH_AUDIENCE'));
  const algorithms = parseList(str('MCP_OAUTH_ALGORITHMS') ?? defaultOf('MCP_OAUTH_ALGORITHMS'));
  let jwt: HttpConfig['auth']['jwt'];
  if (jwksUrl) {
    try {
      const u = new URL(jwksUrl);
      if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopbackHost(u.hostname)))
        need('MCP_OAUTH_JWKS_URL must use https:// (http:// only on loopback).');
    } catch {
      need('MCP_OAUTH_JWKS_URL is not a valid URL.');
    }
    if (!issuer)
      need(
        'MCP_OAUTH_JWKS_URL is set but MCP_OAUTH_ISSUER is not: set the `iss` your authorization server puts in tokens.',
      );
    if (audience.length === 0)
      need(
        'MCP_OAUTH_AUDIENCE is not set. It is mandatory: without it a token your authorization server issued for any other application would be accepted. Set it to the audience of tokens for this server (usually its public URL).',
      );
    const unsafe = algorithms.filter((a) => a.toLowerCase() === 'none' || /^HS/i.test(a));
    if (unsafe.length)
      need(
        `MCP_OAUTH_ALGORITHMS must not allow ${unsafe.join(', ')}: \`none\` accepts unsigned tokens and HS* lets anyone holding the public key sign tokens. Use asymmetric algorithms (${ASYMMETRIC_ALGORITHMS.join(', ')}).`,
      );
    const unknown = algorithms.filter((a) => !unsafe.includes(a) && !ASYMMETRIC_ALGORITHMS.includes(a));
    if (unknown.length)
      need(
        `MCP_OAUTH_ALGORITHMS has unknown algorithms: ${unknown.join(', ')}. Use: ${ASYMMETRIC_ALGORITHMS.join(', ')}.`,
      );
    if (algorithms.length === 0) need('MCP_OAUTH_ALGORITHMS is empty.');
    if (issuer && audience.length) jwt = { jwksUrl, issuer, audience, algorithms };
  } else if (issuer || audience.length) {
    need(
      'MCP_OAUTH_ISSUER / MCP_OAUTH_AUDIENCE are set but MCP_OAUTH_JWKS_URL is not: set the JWKS URL to enable OAuth.',
    );
  }
  if (authEnabled && keysText === undefined && !jwksUrl)
    need(
      'Client authentication is on (the default for HTTP) but no method is configured. Set MCP_API_KEYS_FILE (make a key with `zammad-mcp keygen <name>`), or MCP_OAUTH_JWKS_URL with MCP_OAUTH_ISSUER and MCP_OAUTH_AUDIENCE. To run without authentication on a loopback address only, set MCP_AUTH_ENABLED=false.',
    );
  if (!authEnabled) {
    if (!loopback)
      need(
        `MCP_AUTH_ENABLED=false is allowed on a loopback address only, and MCP_HTTP_HOST is ${host}: anyone who reaches it would act with the server's Zammad token. Configure authentication or bind 127.0.0.1.`,
      );
    else if (active)
      warnings.push(
        'CLIENT AUTHENTICATION IS OFF (MCP_AUTH_ENABLED=false): every local process and user can call this server with its Zammad token.',
      );
  }

  // --- per-principal Zammad identity
  const identity: HttpConfig['identity'] = {};
  const actAsFile = str('MCP_ZAMMAD_ACT_AS_FILE');
  if (actAsFile) {
    try {
      identity.actAs = parsePairs(p.readFile(actAsFile), 'MCP_ZAMMAD_ACT_AS_FILE', problems);
    } catch (e) {
      need(
        `MCP_ZAMMAD_ACT_AS_FILE names ${actAsFile}, which cannot be read (${(e as NodeJS.ErrnoException).code ?? 'unreadable'}).`,
      );
    }
  }
  const tokensText = str('MCP_ZAMMAD_TOKENS');
  if (tokensText !== undefined) identity.tokens = parsePairs(tokensText, 'MCP_ZAMMAD_TOKENS', problems);

  return {
    host,
    port,
    ...(publicUrl ? { publicUrl } : {}),
    allowHttp,
    ...(tls ? { tls } : {}),
    auth: { enabled: authEnabled, apiKeys, ...(jwt ? { jwt } : {}) },
    allowedHosts,
    ...(originsRaw.length ? { allowedOrigins: originsRaw.map((o) => normalizeOrigin(o) ?? o) } : {}),
    ...(ips.length ? { allowedSourceIps: ips } : {}),
    trustedProxies: proxies,
    limits: {
      maxBodyBytes: int('MCP_MAX_BODY_BYTES', 1024, 16 * 1024 * 1024),
      ratePerMinute: int('MCP_RATE_LIMIT_PER_MINUTE', 0, 100_000),
      rateBurst: int('MCP_RATE_LIMIT_BURST', 1, 10_000),
      authFailuresPerMinute: int('MCP_AUTH_FAILURES_PER_MINUTE', 0, 10_000),
      maxConcurrent: int('MCP_MAX_CONCURRENT_REQUESTS', 1, 1000),
      headersTimeoutMs: int('MCP_HEADERS_TIMEOUT_MS', 1000, 120_000),
      requestTimeoutMs: int('MCP_REQUEST_TIMEOUT_MS', 1000, 600_000),
    },
    sessions: {
      idleSeconds: int('MCP_SESSION_IDLE_SECONDS', 10, 86_400),
      max: int('MCP_MAX_SESSIONS', 1, 100_000),
      maxPerPrincipal: int('MCP_MAX_SESSIONS_PER_PRINCIPAL', 1, 100_000),
    },
    identity,
  };
}
