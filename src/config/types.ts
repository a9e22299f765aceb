/** The parsed configuration: one frozen object, every area's settings in its own part. */
import type { ZammadConfig } from '../zammad/options.js';
import type { ApiKeyEntry } from './api-keys.js';
import type { Toolset } from './risks.js';

export type { ZammadAuth, ZammadConfig } from '../zammad/options.js';

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
  /** MCP_TOOLSETS: the toolsets whose tools may exist (a narrowing step of the selection). */
  toolsets: readonly Toolset[];
  /** MCP_DYNAMIC_TOOLSETS: start with list_toolsets/enable_toolset; the model enables what it needs. */
  dynamicToolsets: boolean;
  /** MCP_POLICY_FILE: rules per principal (src/policy/policy-file.ts). */
  policyFile?: string;
}

export interface OutputConfig {
  budgetTokens: number;
  attachmentMaxBytes: number;
  attachmentTypes: string[];
}

export interface ConfirmationConfig {
  /** MCP_CONFIRMATION_KEY: the first signs, every one verifies (rotation). Absent: random per process. */
  keys?: string[];
  ttlSeconds: number;
  /** MCP_CONFIRMATION_STORE_URL: Redis shared by replicas for spent confirmations. Absent: in memory. */
  storeUrl?: string;
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
  /**
   * The defaults (MCP_ALLOWED_HOSTS unset): the bind address and localhost names then count on
   * the listening port only, the public URL's host as clients write it. Configured entries
   * without a port accept any port.
   */
  allowedHostsDefault: boolean;
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

/** Pseudonymization and lockdown (docs/security.md). */
export interface PrivacyConfig {
  pseudonymize: boolean;
  /** MCP_PSEUDONYM_KEY; undefined: a random key per process. */
  pseudonymKey?: string;
  pseudonymizeAgents: boolean;
  keepDomains: string[];
  /** Upper-case ISO 3166 code, or undefined for international numbers only. */
  phoneRegion?: string;
  lockdown: boolean;
  trustedSenderDomains: string[];
}

/** Resource subscriptions: how often Zammad is checked, and how many subscriptions are held. */
export interface SubscriptionConfig {
  pollSeconds: number;
  /** Per session (or stdio connection). */
  perSession: number;
  /** Per process, over all sessions. */
  max: number;
}

export interface Config {
  zammad: ZammadConfig;
  policy: PolicyConfig;
  output: OutputConfig;
  confirmation: ConfirmationConfig;
  subscriptions: SubscriptionConfig;
  transport: 'stdio' | 'http';
  /** On SIGTERM/SIGINT, how long calls in progress may take to finish (milliseconds). */
  shutdownTimeoutMs: number;
  http: HttpConfig;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  privacy: PrivacyConfig;
  /** MCP_AUDIT_FILE with the key that signs its lines (both or neither). */
  audit?: { file: string; key: string };
  /** OpenTelemetry export, when OTEL_EXPORTER_OTLP_ENDPOINT (or a per-signal one) is set. */
  telemetry?: TelemetryConfig;
  /** Warnings to show in the start-up posture (never contain secrets). */
  warnings: string[];
}

export interface TelemetryConfig {
  protocol: 'http/protobuf' | 'http/json';
  serviceName: string;
  /** Where spans go; undefined: no traces. */
  tracesUrl?: string;
  /** Where metrics go; undefined: no metrics. */
  metricsUrl?: string;
  /** OTEL_RESOURCE_ATTRIBUTES as given (`k=v,…`). */
  resourceAttributes?: string;
  /** OTEL_METRIC_EXPORT_INTERVAL (ms). */
  metricIntervalMs: number;
}

export type ConfigResult = { ok: true; config: Readonly<Config> } | { ok: false; problems: string[] };
