/** Client authentication over HTTP: API keys and/or OAuth JWTs, on unless loopback says otherwise. */
import { parseApiKeys, type ApiKeyEntry } from './api-keys.js';
import { isLoopbackHost } from './hosts.js';
import { ASYMMETRIC_ALGORITHMS } from './jwt-algorithms.js';
import { parseList, type Reader } from './reader.js';
import type { HttpConfig } from './types.js';

/** The HTTP parsers' view: problems count only when HTTP is the transport (`need`). */
export interface HttpReader {
  r: Reader;
  need: (problem: string) => void;
  /** HTTP is the transport: its warnings apply. */
  active: boolean;
}

type Jwt = HttpConfig['auth']['jwt'];

function parseJwt({ r, need }: HttpReader): { jwt: Jwt; configured: boolean } {
  const jwksUrl = r.str('MCP_OAUTH_JWKS_URL');
  const issuer = r.str('MCP_OAUTH_ISSUER');
  const audience = r.list('MCP_OAUTH_AUDIENCE');
  if (!jwksUrl) {
    if (issuer || audience.length)
      need(
        'MCP_OAUTH_ISSUER / MCP_OAUTH_AUDIENCE are set but MCP_OAUTH_JWKS_URL is not: set the JWKS URL to enable OAuth.',
      );
    return { jwt: undefined, configured: false };
  }
  const algorithms = parseList(r.strOrDefault('MCP_OAUTH_ALGORITHMS'));
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
  const jwt = issuer && audience.length ? { jwksUrl, issuer, audience, algorithms } : undefined;
  return { jwt, configured: true };
}

/** Who may call: the methods configured, and whether authentication is on (loopback-only when off). */
export function parseClientAuth(
  h: HttpReader,
  bind: { host: string; loopback: boolean },
): HttpConfig['auth'] {
  const { r, need, active } = h;
  const enabled = r.bool('MCP_AUTH_ENABLED');
  const keysText = r.str('MCP_API_KEYS');
  let apiKeys: ApiKeyEntry[] = [];
  if (keysText !== undefined) {
    const parsed = parseApiKeys(keysText);
    apiKeys = parsed.keys;
    for (const x of parsed.problems) need(x);
    if (parsed.keys.length === 0 && parsed.problems.length === 0)
      need('MCP_API_KEYS holds no keys. Add a line made by `zammad-mcp keygen <name>`.');
  }
  const { jwt, configured } = parseJwt(h);
  if (enabled && keysText === undefined && !configured)
    need(
      'Client authentication is on (the default for HTTP) but no method is configured. Set MCP_API_KEYS_FILE (make a key with `zammad-mcp keygen <name>`), or MCP_OAUTH_JWKS_URL with MCP_OAUTH_ISSUER and MCP_OAUTH_AUDIENCE. To run without authentication on a loopback address only, set MCP_AUTH_ENABLED=false.',
    );
  if (!enabled) {
    if (!bind.loopback)
      need(
        `MCP_AUTH_ENABLED=false is allowed on a loopback address only, and MCP_HTTP_HOST is ${bind.host}: anyone who reaches it would act with the server's Zammad token. Configure authentication or bind 127.0.0.1.`,
      );
    else if (active)
      r.warnings.push(
        'CLIENT AUTHENTICATION IS OFF (MCP_AUTH_ENABLED=false): every local process and user can call this server with its Zammad token.',
      );
  }
  return { enabled, apiKeys, ...(jwt ? { jwt } : {}) };
}
