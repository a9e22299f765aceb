/**
 * The Streamable HTTP transport: bind and public URL, TLS or loopback, the Host/Origin/IP
 * allowlists, limits and sessions; client authentication and identity in their own parsers.
 * Cross-checks (authentication, bind, TLS) are problems only when HTTP is the transport.
 */
import { parseClientAuth, type HttpReader } from './http-auth.js';
import { parseIdentity } from './http-identity.js';
import { hostForHeader, isLoopbackBind, normalizeOrigin, parseHost } from './hosts.js';
import { parseCidr } from './ip.js';
import { codeOf, type Reader } from './reader.js';
import type { HttpConfig } from './types.js';

const WILDCARD = new Set(['0.0.0.0', '::', '[::]']);
const LOCAL_NAMES = ['localhost', '127.0.0.1', '[::1]'];

function parsePublicUrl({ r, need }: HttpReader): string | undefined {
  const pub = r.str('MCP_PUBLIC_URL');
  if (!pub) return undefined;
  try {
    const u = new URL(pub);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') need('MCP_PUBLIC_URL must be an https:// URL.');
    else if (u.username || u.password || u.search || u.hash)
      need('MCP_PUBLIC_URL must not contain credentials, a query or a fragment.');
    else {
      const path = u.pathname.replace(/\/+$/, '');
      return `${u.origin}${path === '' ? '/mcp' : path}`;
    }
  } catch {
    need('MCP_PUBLIC_URL is not a valid URL. Use the form https://mcp.example.com/mcp.');
  }
  return undefined;
}

function parseTls({ r, need }: HttpReader): HttpConfig['tls'] {
  const readPem = (env: string, marker: RegExp, what: string): string | undefined => {
    const path = r.str(env);
    if (!path) return undefined;
    try {
      const pem = r.readFile(path);
      if (!marker.test(pem)) need(`${env} (${path}) holds no PEM ${what}.`);
      return pem;
    } catch (e) {
      need(`${env} names ${path}, which cannot be read (${codeOf(e)}).`);
      return undefined;
    }
  };
  const cert = readPem('MCP_TLS_CERT_FILE', /-----BEGIN CERTIFICATE-----/, 'certificate');
  const key = r.str('MCP_TLS_KEY');
  if (key !== undefined && !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key))
    need('MCP_TLS_KEY holds no PEM private key.');
  const clientCa = readPem('MCP_TLS_CLIENT_CA_FILE', /-----BEGIN CERTIFICATE-----/, 'certificate');
  if ((cert !== undefined) !== (key !== undefined))
    need('TLS is half configured: set both MCP_TLS_CERT_FILE and MCP_TLS_KEY_FILE, or neither.');
  if (clientCa !== undefined && (cert === undefined || key === undefined))
    need('MCP_TLS_CLIENT_CA_FILE (mutual TLS) needs MCP_TLS_CERT_FILE and MCP_TLS_KEY_FILE too.');
  return cert !== undefined && key !== undefined
    ? { cert, key, ...(clientCa ? { clientCa } : {}) }
    : undefined;
}

/** The Host allowlist: MCP_ALLOWED_HOSTS, or the bind address, localhost names and public host. */
function parseAllowedHosts(
  { r, need }: HttpReader,
  host: string,
  publicUrl: string | undefined,
): HttpConfig['allowedHosts'] {
  const wildcard = WILDCARD.has(host);
  const hostsRaw = r.list('MCP_ALLOWED_HOSTS');
  const badHosts = hostsRaw.filter((h) => !parseHost(h));
  if (badHosts.length)
    need(`MCP_ALLOWED_HOSTS has entries that are not host or host:port: ${badHosts.join(', ')}.`);
  if (wildcard && hostsRaw.length === 0 && !publicUrl)
    need(
      `MCP_HTTP_HOST=${host} listens on every address, so the Host allowlist cannot default to it: set MCP_ALLOWED_HOSTS (the names clients use) or MCP_PUBLIC_URL.`,
    );
  if (hostsRaw.length) return hostsRaw.map((h) => h.toLowerCase());
  return [
    ...new Set([
      ...(wildcard ? [] : [hostForHeader(host)]),
      ...LOCAL_NAMES,
      ...(publicUrl ? [new URL(publicUrl).host.toLowerCase()] : []),
    ]),
  ];
}

/** Browser origins, source IPs and trusted proxies: every bad entry named at once. */
function parseAllowLists({
  r,
  need,
}: HttpReader): Pick<HttpConfig, 'allowedOrigins' | 'allowedSourceIps' | 'trustedProxies'> {
  const origins = r.list('MCP_ALLOWED_ORIGINS');
  const badOrigins = origins.filter((o) => !normalizeOrigin(o));
  if (badOrigins.length)
    need(
      `MCP_ALLOWED_ORIGINS has entries that are not origins (scheme://host[:port]): ${badOrigins.join(', ')}.`,
    );
  const ips = r.list('MCP_ALLOWED_SOURCE_IPS');
  const badIps = ips.filter((i) => !parseCidr(i));
  if (badIps.length)
    need(`MCP_ALLOWED_SOURCE_IPS has entries that are not IPs or CIDR ranges: ${badIps.join(', ')}.`);
  const proxies = r.list('MCP_TRUSTED_PROXIES');
  const badProxies = proxies.filter((i) => !parseCidr(i));
  if (badProxies.length)
    need(`MCP_TRUSTED_PROXIES has entries that are not IPs or CIDR ranges: ${badProxies.join(', ')}.`);
  return {
    ...(origins.length ? { allowedOrigins: origins.map((o) => normalizeOrigin(o) ?? o) } : {}),
    ...(ips.length ? { allowedSourceIps: ips } : {}),
    trustedProxies: proxies,
  };
}

export function parseHttp(r: Reader, active: boolean): HttpConfig {
  const h: HttpReader = {
    r,
    active,
    need: (msg) => {
      if (active) r.problems.push(msg);
    },
  };

  const host = r.strOrDefault('MCP_HTTP_HOST').trim();
  const port = r.int('MCP_HTTP_PORT');
  const loopback = isLoopbackBind(host);
  if (!parseHost(hostForHeader(host.replace(/^\[|\]$/g, ''))))
    h.need(`MCP_HTTP_HOST="${host}" is not an address or host name.`);
  const publicUrl = parsePublicUrl(h);
  const tls = parseTls(h);

  // TLS or loopback
  const allowHttp = r.bool('MCP_ALLOW_HTTP');
  if (!loopback && !tls) {
    if (!allowHttp)
      h.need(
        `MCP_HTTP_HOST=${host} would serve plain HTTP beyond this machine: client credentials and ticket data would cross the network unencrypted. Set MCP_TLS_CERT_FILE and MCP_TLS_KEY_FILE, bind 127.0.0.1, or set MCP_ALLOW_HTTP=true if a TLS-terminating proxy is in front.`,
      );
    else if (active)
      r.warnings.push(
        `MCP_ALLOW_HTTP=true: plain HTTP is served on ${host}; credentials cross that network unencrypted.`,
      );
  }

  const allowedHosts = parseAllowedHosts(h, host, publicUrl);
  const lists = parseAllowLists(h);
  const auth = parseClientAuth(h, { host, loopback });
  const identity = parseIdentity(h);
  const limits = {
    maxBodyBytes: r.int('MCP_MAX_BODY_BYTES'),
    ratePerMinute: r.int('MCP_RATE_LIMIT_PER_MINUTE'),
    rateBurst: r.int('MCP_RATE_LIMIT_BURST'),
    authFailuresPerMinute: r.int('MCP_AUTH_FAILURES_PER_MINUTE'),
    maxConcurrent: r.int('MCP_MAX_CONCURRENT_REQUESTS'),
    headersTimeoutMs: r.int('MCP_HEADERS_TIMEOUT_MS'),
    requestTimeoutMs: r.int('MCP_REQUEST_TIMEOUT_MS'),
  };
  if (limits.headersTimeoutMs > limits.requestTimeoutMs)
    h.need(
      `MCP_HEADERS_TIMEOUT_MS (${limits.headersTimeoutMs}) is longer than MCP_REQUEST_TIMEOUT_MS (${limits.requestTimeoutMs}), which includes the headers: lower MCP_HEADERS_TIMEOUT_MS or raise MCP_REQUEST_TIMEOUT_MS.`,
    );

  return {
    host,
    port,
    ...(publicUrl ? { publicUrl } : {}),
    allowHttp,
    ...(tls ? { tls } : {}),
    auth,
    allowedHosts,
    allowedHostsDefault: r.list('MCP_ALLOWED_HOSTS').length === 0,
    ...lists,
    limits,
    sessions: {
      idleSeconds: r.int('MCP_SESSION_IDLE_SECONDS'),
      max: r.int('MCP_MAX_SESSIONS'),
      maxPerPrincipal: r.int('MCP_MAX_SESSIONS_PER_PRINCIPAL'),
    },
    identity,
  };
}
