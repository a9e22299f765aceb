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
      'Key (≥ 32 characters) that signs confirmation tokens. Default: random per process. Set it to share confirmations across replicas.',
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
    env: 'MCP_LOG_LEVEL',
    flag: '--log-level',
    kind: 'enum',
    values: ['debug', 'info', 'warn', 'error'],
    default: 'info',
    group: 'Logging',
    description: 'Log level. Logs are JSON lines on stderr; ticket text is logged only at `debug`.',
  },
];
