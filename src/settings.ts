/**
 * Every setting the server reads, declared once: the environment variable, the CLI flag, what it means.
 * `config.ts` parses these; `scripts/gen-docs.ts` turns this table into docs/configuration.md.
 */
export type SettingKind = 'string' | 'url' | 'boolean' | 'integer' | 'list' | 'enum';

export interface Setting {
  env: string;
  flag?: string;
  kind: SettingKind;
  /** Secret values are never printed; each also accepts `<ENV>_FILE`. */
  secret?: boolean;
  values?: readonly string[];
  default?: string;
  group: 'Zammad' | 'Tools and policy' | 'Output' | 'Confirmations' | 'HTTP transport' | 'Logging';
  description: string;
}

export const SETTINGS: readonly Setting[] = [
  // Zammad connection
  {
    env: 'ZAMMAD_URL',
    flag: '--zammad-url',
    kind: 'url',
    group: 'Zammad',
    description:
      'Base URL of your Zammad, with or without `/api/v1`. HTTPS unless the host is loopback or `ZAMMAD_ALLOW_HTTP=true`.',
  },
  {
    env: 'ZAMMAD_HTTP_TOKEN',
    kind: 'string',
    secret: true,
    group: 'Zammad',
    description:
      'Zammad access token (Profile → Token Access), sent as `Authorization: Token token=…`. Preferred.',
  },
  {
    env: 'ZAMMAD_OAUTH2_TOKEN',
    kind: 'string',
    secret: true,
    group: 'Zammad',
    description: 'OAuth2 access token, sent as `Authorization: Bearer …`.',
  },
  {
    env: 'ZAMMAD_USERNAME',
    kind: 'string',
    group: 'Zammad',
    description:
      'Login for HTTP Basic authentication (with `ZAMMAD_PASSWORD`). Prefer a token: Basic fails for users with 2FA.',
  },
  {
    env: 'ZAMMAD_PASSWORD',
    kind: 'string',
    secret: true,
    group: 'Zammad',
    description: 'Password for HTTP Basic authentication.',
  },
  {
    env: 'ZAMMAD_ALLOW_HTTP',
    flag: '--zammad-allow-http',
    kind: 'boolean',
    default: 'false',
    group: 'Zammad',
    description:
      'Allow plain `http://` to a non-loopback Zammad. Credentials then cross the network unencrypted.',
  },
  {
    env: 'ZAMMAD_CA_FILE',
    flag: '--zammad-ca-file',
    kind: 'string',
    group: 'Zammad',
    description:
      'PEM file of extra certificate authorities to trust for Zammad (private CA). Certificate verification cannot be turned off.',
  },
  {
    env: 'ZAMMAD_TIMEOUT_MS',
    flag: '--zammad-timeout-ms',
    kind: 'integer',
    default: '15000',
    group: 'Zammad',
    description: 'Timeout of each request to Zammad, in milliseconds (1000–120000).',
  },
  {
    env: 'ZAMMAD_MAX_RETRIES',
    flag: '--zammad-max-retries',
    kind: 'integer',
    default: '2',
    group: 'Zammad',
    description:
      'Retries for idempotent requests (GET) after a network error, 429, 502, 503 or 504 (0–5). Writes are never retried.',
  },
  {
    env: 'ZAMMAD_MAX_CONCURRENCY',
    flag: '--zammad-max-concurrency',
    kind: 'integer',
    default: '8',
    group: 'Zammad',
    description: 'Requests to Zammad in flight at once (1–64).',
  },
  {
    env: 'ZAMMAD_CACHE_TTL_SECONDS',
    flag: '--zammad-cache-ttl',
    kind: 'integer',
    default: '300',
    group: 'Zammad',
    description:
      'How long reference data (groups, states, priorities, article types) is cached, in seconds (0–86400).',
  },
  // Policy
  {
    env: 'MCP_READ_ONLY',
    flag: '--read-only',
    kind: 'boolean',
    default: 'false',
    group: 'Tools and policy',
    description: 'Force read-only, over every other setting.',
  },
  {
    env: 'MCP_ALLOW_WRITE',
    flag: '--allow-write',
    kind: 'boolean',
    default: 'false',
    group: 'Tools and policy',
    description:
      'Raise the risk ceiling to `write`: changes only agents see (internal notes, state, tags, owner).',
  },
  {
    env: 'MCP_ALLOW_EXTERNAL',
    flag: '--allow-external',
    kind: 'boolean',
    default: 'false',
    group: 'Tools and policy',
    description:
      'Allow `external` tools (customer-visible replies, macros). Each such tool must also be named in `MCP_ALLOWED_TOOLS`.',
  },
  {
    env: 'MCP_ALLOW_DESTRUCTIVE',
    flag: '--allow-destructive',
    kind: 'boolean',
    default: 'false',
    group: 'Tools and policy',
    description:
      'Allow `destructive` tools (delete, merge). Each such tool must also be named in `MCP_ALLOWED_TOOLS`.',
  },
  {
    env: 'MCP_ALLOWED_TOOLS',
    flag: '--allowed-tools',
    kind: 'list',
    group: 'Tools and policy',
    description:
      'Comma list of tool names or globs (`delete_*`) that external and destructive tools must match to be enabled.',
  },
  {
    env: 'MCP_DENIED_TOOLS',
    flag: '--denied-tools',
    kind: 'list',
    group: 'Tools and policy',
    description: 'Comma list of tool names or globs that are never enabled. Always wins.',
  },
  {
    env: 'MCP_ALLOWED_CATEGORIES',
    flag: '--allowed-categories',
    kind: 'list',
    group: 'Tools and policy',
    description:
      'Comma list of categories to enable (tickets, users, organizations, groups, system, knowledge). Default: all.',
  },
  {
    env: 'MCP_ALLOWED_GROUPS',
    flag: '--allowed-groups',
    kind: 'list',
    group: 'Tools and policy',
    description:
      'Comma list of Zammad group names the server may see and change (subgroups included). Default: every group the token sees.',
  },
  {
    env: 'MCP_ALLOWED_RECIPIENT_DOMAINS',
    flag: '--allowed-recipient-domains',
    kind: 'list',
    group: 'Tools and policy',
    description: 'Email domains a customer reply may go to besides the ticket participants.',
  },
  // Output
  {
    env: 'MCP_OUTPUT_BUDGET_TOKENS',
    flag: '--output-budget',
    kind: 'integer',
    default: '6000',
    group: 'Output',
    description:
      'Hard cap on the size of one tool result, in tokens (approximate; 500–50000). Longer results are cut with a continuation hint.',
  },
  {
    env: 'MCP_ATTACHMENT_MAX_BYTES',
    flag: '--attachment-max-bytes',
    kind: 'integer',
    default: '1048576',
    group: 'Output',
    description:
      'Largest attachment `download_attachment` fetches, in bytes (1024–20971520; checked from metadata before download).',
  },
  {
    env: 'MCP_ATTACHMENT_TYPES',
    flag: '--attachment-types',
    kind: 'list',
    group: 'Output',
    description:
      'Extra MIME types (or globs like `application/*`) `download_attachment` may return as base64 resources. Text and images are always allowed.',
  },
  // Confirmations
  {
    env: 'MCP_CONFIRMATION_KEY',
    kind: 'string',
    secret: true,
    group: 'Confirmations',
    description:
      'Key (≥ 32 characters) that signs confirmation tokens and request states. Default: random per process. Set the same on every replica. Several keys, separated by commas or line breaks, rotate a key: the first signs, all are accepted.',
  },
  {
    env: 'MCP_CONFIRMATION_STORE_URL',
    kind: 'string',
    secret: true,
    group: 'Confirmations',
    description:
      'Redis that remembers used confirmations for every replica (`redis://[[user]:password@]host[:port][/db]`, `rediss://` for TLS), so each is used once across all of them. Default: in memory, per process. When Redis cannot be reached, confirmations are refused.',
  },
  {
    env: 'MCP_CONFIRMATION_TTL_SECONDS',
    flag: '--confirmation-ttl',
    kind: 'integer',
    default: '300',
    group: 'Confirmations',
    description: 'Lifetime of a confirmation token, in seconds (30–3600).',
  },
  // Transport / logging
  {
    env: 'MCP_TRANSPORT',
    flag: '--transport',
    kind: 'enum',
    values: ['stdio', 'http'],
    default: 'stdio',
    group: 'HTTP transport',
    description:
      'How clients connect: `stdio` (a local client launches the server) or `http` (Streamable HTTP).',
  },
  {
    env: 'MCP_HTTP_HOST',
    flag: '--http-host',
    kind: 'string',
    default: '127.0.0.1',
    group: 'HTTP transport',
    description:
      'Address the HTTP transport listens on. A non-loopback address needs TLS (`MCP_TLS_CERT_FILE`, `MCP_TLS_KEY_FILE`) or `MCP_ALLOW_HTTP=true`; a wildcard (`0.0.0.0`, `::`) also needs `MCP_ALLOWED_HOSTS`.',
  },
  {
    env: 'MCP_HTTP_PORT',
    flag: '--http-port',
    kind: 'integer',
    default: '8080',
    group: 'HTTP transport',
    description: 'TCP port of the HTTP transport (0–65535; 0 picks a free port). MCP is served at `/mcp`.',
  },
  {
    env: 'MCP_PUBLIC_URL',
    flag: '--public-url',
    kind: 'url',
    group: 'HTTP transport',
    description:
      'The URL clients use for `/mcp` when it differs from the bind address (reverse proxy). It is the resource identifier in the protected-resource metadata, and its host is allowed in `Host`.',
  },
  {
    env: 'MCP_AUTH_ENABLED',
    flag: '--auth-enabled',
    kind: 'boolean',
    default: 'true',
    group: 'HTTP transport',
    description:
      'Client authentication over HTTP (API keys and/or OAuth JWTs). On by default; with no method configured the server refuses to start. `false` is allowed on a loopback bind only, with a warning.',
  },
  {
    env: 'MCP_API_KEYS',
    kind: 'list',
    secret: true,
    group: 'HTTP transport',
    description:
      'Client API keys as `name:sha256hex` entries (one per line, `#` comments), usually via `MCP_API_KEYS_FILE`. An optional third field limits a key to risks, e.g. `bot:…:read`. `zammad-mcp keygen [name]` makes a key and its line. Clients send the key as `Authorization: Bearer` or `X-API-Key`.',
  },
  {
    env: 'MCP_OAUTH_JWKS_URL',
    flag: '--oauth-jwks-url',
    kind: 'url',
    group: 'HTTP transport',
    description:
      'JWKS URL of your OAuth 2.1 authorization server: enables JWT access tokens. Needs `MCP_OAUTH_ISSUER` and `MCP_OAUTH_AUDIENCE`. HTTPS unless loopback.',
  },
  {
    env: 'MCP_OAUTH_ISSUER',
    flag: '--oauth-issuer',
    kind: 'url',
    group: 'HTTP transport',
    description: 'Required `iss` of access tokens; also advertised as the authorization server.',
  },
  {
    env: 'MCP_OAUTH_AUDIENCE',
    flag: '--oauth-audience',
    kind: 'list',
    group: 'HTTP transport',
    description:
      'Required `aud` of access tokens (usually this server’s public URL). Mandatory: without it a token your IdP issued for any other application would be accepted.',
  },
  {
    env: 'MCP_OAUTH_ALGORITHMS',
    flag: '--oauth-algorithms',
    kind: 'list',
    default: 'RS256,ES256',
    group: 'HTTP transport',
    description:
      'Signature algorithms accepted for access tokens: RS*, PS*, ES* and EdDSA. `none` and HS* (shared secrets) are refused.',
  },
  {
    env: 'MCP_ALLOW_HTTP',
    flag: '--allow-http',
    kind: 'boolean',
    default: 'false',
    group: 'HTTP transport',
    description:
      'Serve plain HTTP on a non-loopback address (e.g. behind a TLS-terminating proxy). Credentials then cross that network unencrypted.',
  },
  {
    env: 'MCP_TLS_CERT_FILE',
    flag: '--tls-cert-file',
    kind: 'string',
    group: 'HTTP transport',
    description: 'PEM certificate chain for HTTPS. Needs `MCP_TLS_KEY_FILE`.',
  },
  {
    env: 'MCP_TLS_KEY',
    kind: 'string',
    secret: true,
    group: 'HTTP transport',
    description: 'PEM private key for HTTPS, usually via `MCP_TLS_KEY_FILE`.',
  },
  {
    env: 'MCP_TLS_CLIENT_CA_FILE',
    flag: '--tls-client-ca-file',
    kind: 'string',
    group: 'HTTP transport',
    description:
      'PEM certificate authorities for client certificates: every client must then present one (mutual TLS).',
  },
  {
    env: 'MCP_ALLOWED_HOSTS',
    flag: '--allowed-hosts',
    kind: 'list',
    group: 'HTTP transport',
    description:
      'Comma list of `Host` header values accepted (`host` or `host:port`); others get 421 (DNS rebinding). Default: the bind address, localhost names and the host of `MCP_PUBLIC_URL`.',
  },
  {
    env: 'MCP_ALLOWED_ORIGINS',
    flag: '--allowed-origins',
    kind: 'list',
    group: 'HTTP transport',
    description:
      'Comma list of browser origins (`https://app.example.com`) allowed to call the server; any other `Origin` gets 403. Default: same origin only. Requests without `Origin` (non-browser clients) are not affected.',
  },
  {
    env: 'MCP_ALLOWED_SOURCE_IPS',
    flag: '--allowed-source-ips',
    kind: 'list',
    group: 'HTTP transport',
    description:
      'Comma list of client IPs or CIDR ranges; others get 403 before authentication. Default: any.',
  },
  {
    env: 'MCP_TRUSTED_PROXIES',
    flag: '--trusted-proxies',
    kind: 'list',
    group: 'HTTP transport',
    description:
      'Comma list of proxy IPs or CIDR ranges whose `X-Forwarded-For` is believed. From anyone else the header is ignored.',
  },
  {
    env: 'MCP_MAX_BODY_BYTES',
    flag: '--max-body-bytes',
    kind: 'integer',
    default: '1048576',
    group: 'HTTP transport',
    description: 'Largest request body, in bytes (1024–16777216); larger ones get 413.',
  },
  {
    env: 'MCP_RATE_LIMIT_PER_MINUTE',
    flag: '--rate-limit',
    kind: 'integer',
    default: '600',
    group: 'HTTP transport',
    description:
      'Requests per minute per principal (0–100000; 0 turns the limit off). Beyond it: 429 with `Retry-After`.',
  },
  {
    env: 'MCP_RATE_LIMIT_BURST',
    flag: '--rate-limit-burst',
    kind: 'integer',
    default: '60',
    group: 'HTTP transport',
    description: 'Requests a principal may send at once before the per-minute rate applies (1–10000).',
  },
  {
    env: 'MCP_AUTH_FAILURES_PER_MINUTE',
    flag: '--auth-failures-per-minute',
    kind: 'integer',
    default: '30',
    group: 'HTTP transport',
    description:
      'Wrong credentials (unknown API key, bad or foreign JWT) accepted per minute from one source address, an IPv6 /64 counting as one (0–10000; 0 turns the limit off). Beyond it, wrong credentials from there get 429 with `Retry-After` instead of 401; valid ones still pass. Missing or expired credentials do not count.',
  },
  {
    env: 'MCP_MAX_CONCURRENT_REQUESTS',
    flag: '--max-concurrent-requests',
    kind: 'integer',
    default: '16',
    group: 'HTTP transport',
    description: 'Requests in progress at once per principal (1–1000); more get 429.',
  },
  {
    env: 'MCP_HEADERS_TIMEOUT_MS',
    flag: '--headers-timeout-ms',
    kind: 'integer',
    default: '10000',
    group: 'HTTP transport',
    description: 'Time a client has to send the request headers, in milliseconds (1000–120000).',
  },
  {
    env: 'MCP_REQUEST_TIMEOUT_MS',
    flag: '--request-timeout-ms',
    kind: 'integer',
    default: '30000',
    group: 'HTTP transport',
    description: 'Time a client has to send a whole request, in milliseconds (1000–600000).',
  },
  {
    env: 'MCP_SESSION_IDLE_SECONDS',
    flag: '--session-idle-seconds',
    kind: 'integer',
    default: '1800',
    group: 'HTTP transport',
    description:
      'Sessions of 2025-revision clients unused this long are closed (10–86400 seconds). The client then starts a new one.',
  },
  {
    env: 'MCP_MAX_SESSIONS',
    flag: '--max-sessions',
    kind: 'integer',
    default: '500',
    group: 'HTTP transport',
    description: 'Open sessions of 2025-revision clients in total (1–100000); a new one beyond gets 503.',
  },
  {
    env: 'MCP_MAX_SESSIONS_PER_PRINCIPAL',
    flag: '--max-sessions-per-principal',
    kind: 'integer',
    default: '32',
    group: 'HTTP transport',
    description:
      'Open sessions per principal (1–100000); a new one beyond closes that principal’s least recently used session.',
  },
  {
    env: 'MCP_ZAMMAD_ACT_AS_FILE',
    flag: '--zammad-act-as-file',
    kind: 'string',
    group: 'HTTP transport',
    description:
      'File of `principal:zammad-login` lines (`#` comments): each principal (API-key name or JWT subject) acts as that Zammad user via the `From` header. The service token then needs `admin.user`. Unmapped principals are refused.',
  },
  {
    env: 'MCP_ZAMMAD_TOKENS',
    kind: 'list',
    secret: true,
    group: 'HTTP transport',
    description:
      'Per-principal Zammad tokens as `principal:token` lines, usually via `MCP_ZAMMAD_TOKENS_FILE`. A listed principal uses its own token instead of the server’s; unlisted principals are refused.',
  },
  {
    env: 'MCP_AUDIT_FILE',
    flag: '--audit-file',
    kind: 'string',
    group: 'Logging',
    description:
      'Also append every audit event to this file (created with mode 0600), as a chain of signed JSON lines: an edited, inserted, removed or reordered line is detected by `zammad-mcp audit-verify <file>`. Needs `MCP_AUDIT_KEY`. One file per process.',
  },
  {
    env: 'MCP_AUDIT_KEY',
    kind: 'string',
    secret: true,
    group: 'Logging',
    description:
      'Key (≥ 32 characters) that signs the lines of `MCP_AUDIT_FILE`; `audit-verify` needs the same.',
  },
  {
    env: 'MCP_LOG_LEVEL',
    flag: '--log-level',
    kind: 'enum',
    values: ['debug', 'info', 'warn', 'error'],
    default: 'info',
    group: 'Logging',
    description: 'Log level. Logs are JSON lines on stderr; ticket text is logged only at `debug`.',
  },
];
