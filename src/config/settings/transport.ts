/** Settings: How clients connect, and the Streamable HTTP transport. */
import type { Setting } from './setting.js';

export const TRANSPORT_SETTINGS: readonly Setting[] = [
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
    env: 'MCP_SHUTDOWN_TIMEOUT_MS',
    flag: '--shutdown-timeout-ms',
    kind: 'integer',
    min: 0,
    max: 600_000,
    default: '20000',
    group: 'HTTP transport',
    description:
      'On SIGTERM or SIGINT (either transport): how long calls in progress may take to finish, in milliseconds ({range}). Meanwhile new calls are refused (HTTP: no new connections, `/readyz` says not ready); then the audit file is closed and the process exits 0. Calls still running after it are cut. Keep it below the time your orchestrator waits before killing (Kubernetes: 30 s). A second signal stops waiting.',
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
    min: 0,
    max: 65_535,
    default: '8080',
    group: 'HTTP transport',
    description: 'TCP port of the HTTP transport ({range}; 0 picks a free port). MCP is served at `/mcp`.',
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
      'Comma list of `Host` header values accepted: `host` (on any port) or `host:port` (that port only); others get 421 (DNS rebinding). Default: the bind address and localhost names on the listening port, and the host of `MCP_PUBLIC_URL` as clients write it.',
  },
  {
    env: 'MCP_ALLOWED_ORIGINS',
    flag: '--allowed-origins',
    kind: 'list',
    group: 'HTTP transport',
    description:
      'Comma list of browser origins (`https://app.example.com`) allowed to call the server; any other `Origin` gets 403. Default: the server’s own origins only (its allowed hosts on their ports, and that of `MCP_PUBLIC_URL`). Requests without `Origin` (non-browser clients) are not affected.',
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
    min: 1024,
    max: 16_777_216,
    default: '1048576',
    group: 'HTTP transport',
    description: 'Largest request body, in bytes ({range}); larger ones get 413.',
  },
  {
    env: 'MCP_RATE_LIMIT_PER_MINUTE',
    flag: '--rate-limit',
    kind: 'integer',
    min: 0,
    max: 100_000,
    default: '600',
    group: 'HTTP transport',
    description:
      'Requests per minute per principal ({range}; 0 turns the limit off). Beyond it: 429 with `Retry-After`.',
  },
  {
    env: 'MCP_RATE_LIMIT_BURST',
    flag: '--rate-limit-burst',
    kind: 'integer',
    min: 1,
    max: 10_000,
    default: '60',
    group: 'HTTP transport',
    description: 'Requests a principal may send at once before the per-minute rate applies ({range}).',
  },
  {
    env: 'MCP_AUTH_FAILURES_PER_MINUTE',
    flag: '--auth-failures-per-minute',
    kind: 'integer',
    min: 0,
    max: 10_000,
    default: '30',
    group: 'HTTP transport',
    description:
      'Wrong credentials (unknown API key, bad or foreign JWT) accepted per minute from one source address, an IPv6 /64 counting as one ({range}; 0 turns the limit off). Beyond it, wrong credentials from there get 429 with `Retry-After` instead of 401; valid ones still pass. Missing or expired credentials do not count.',
  },
  {
    env: 'MCP_MAX_CONCURRENT_REQUESTS',
    flag: '--max-concurrent-requests',
    kind: 'integer',
    min: 1,
    max: 1000,
    default: '16',
    group: 'HTTP transport',
    description: 'Requests in progress at once per principal ({range}); more get 429.',
  },
  {
    env: 'MCP_HEADERS_TIMEOUT_MS',
    flag: '--headers-timeout-ms',
    kind: 'integer',
    min: 1000,
    max: 120_000,
    default: '10000',
    group: 'HTTP transport',
    description:
      'Time a client has to send the request headers, in milliseconds ({range}; at most `MCP_REQUEST_TIMEOUT_MS`).',
  },
  {
    env: 'MCP_REQUEST_TIMEOUT_MS',
    flag: '--request-timeout-ms',
    kind: 'integer',
    min: 1000,
    max: 600_000,
    default: '30000',
    group: 'HTTP transport',
    description: 'Time a client has to send a whole request, in milliseconds ({range}).',
  },
  {
    env: 'MCP_SESSION_IDLE_SECONDS',
    flag: '--session-idle-seconds',
    kind: 'integer',
    min: 10,
    max: 86_400,
    default: '1800',
    group: 'HTTP transport',
    description:
      'Sessions of 2025-revision clients unused this long are closed ({range} seconds). The client then starts a new one.',
  },
  {
    env: 'MCP_MAX_SESSIONS',
    flag: '--max-sessions',
    kind: 'integer',
    min: 1,
    max: 100_000,
    default: '500',
    group: 'HTTP transport',
    description: 'Open sessions of 2025-revision clients in total ({range}); a new one beyond gets 503.',
  },
  {
    env: 'MCP_MAX_SESSIONS_PER_PRINCIPAL',
    flag: '--max-sessions-per-principal',
    kind: 'integer',
    min: 1,
    max: 100_000,
    default: '32',
    group: 'HTTP transport',
    description:
      'Open sessions per principal ({range}); a new one beyond closes that principal’s least recently used session.',
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
];
