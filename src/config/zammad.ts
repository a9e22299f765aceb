/** The Zammad connection: URL (HTTPS unless loopback), exactly one credential, CA, bounds. */
import type { ZammadAuth, ZammadConfig } from '../zammad/options.js';
import { isLoopbackHost } from './hosts.js';
import { codeOf, type Reader } from './reader.js';

/** `ZAMMAD_URL` → the base URL without `/api/v1` (empty when there is none or it is invalid). */
function parseBaseUrl(r: Reader, allowHttp: boolean): string {
  const urlRaw = r.str('ZAMMAD_URL');
  if (!urlRaw) {
    r.problems.push(
      'ZAMMAD_URL is not set. Set it to your Zammad address, e.g. https://support.example.com (or run `zammad-mcp demo` to try the built-in sandbox).',
    );
    return '';
  }
  let u: URL;
  try {
    u = new URL(urlRaw);
  } catch {
    r.problems.push(`ZAMMAD_URL is not a valid URL. Use the form https://support.example.com.`);
    return '';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    r.problems.push(`ZAMMAD_URL must use https:// (got ${u.protocol}//).`);
  } else if (u.protocol === 'http:' && !isLoopbackHost(u.hostname) && !allowHttp) {
    r.problems.push(
      `ZAMMAD_URL uses plain http:// to ${u.hostname}, which would send your credentials unencrypted. Use https://, or set ZAMMAD_ALLOW_HTTP=true if you accept that risk.`,
    );
  }
  if (u.username || u.password)
    r.problems.push('ZAMMAD_URL must not contain credentials. Use ZAMMAD_HTTP_TOKEN instead.');
  if (u.search || u.hash) r.problems.push('ZAMMAD_URL must not contain a query or fragment.');
  if (u.protocol === 'http:' && !isLoopbackHost(u.hostname) && allowHttp) {
    r.warnings.push(`ZAMMAD_ALLOW_HTTP=true: requests to ${u.hostname} are not encrypted.`);
  }
  const path = u.pathname.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
  return `${u.protocol}//${u.host}${path}`;
}

/** Exactly one authentication method. */
function parseAuth(r: Reader): ZammadAuth {
  const httpToken = r.str('ZAMMAD_HTTP_TOKEN');
  const oauth = r.str('ZAMMAD_OAUTH2_TOKEN');
  const username = r.str('ZAMMAD_USERNAME');
  const password = r.str('ZAMMAD_PASSWORD');
  const methods = [
    httpToken && 'ZAMMAD_HTTP_TOKEN',
    oauth && 'ZAMMAD_OAUTH2_TOKEN',
    (username || password) && 'ZAMMAD_USERNAME/ZAMMAD_PASSWORD',
  ].filter(Boolean) as string[];
  const none: ZammadAuth = { kind: 'token', token: '' };
  if (methods.length === 0) {
    r.problems.push(
      'No Zammad credentials. Set ZAMMAD_HTTP_TOKEN (an access token from your Zammad profile → Token Access).',
    );
    return none;
  }
  if (methods.length > 1) {
    r.problems.push(
      `Several Zammad authentication methods are set (${methods.join(', ')}). Set exactly one; a token is preferred.`,
    );
    return none;
  }
  if (httpToken) return { kind: 'token', token: httpToken };
  if (oauth) return { kind: 'oauth2', token: oauth };
  if (!username || !password) {
    r.problems.push(
      'Basic authentication needs both ZAMMAD_USERNAME and ZAMMAD_PASSWORD (or use ZAMMAD_HTTP_TOKEN instead).',
    );
    return none;
  }
  r.warnings.push(
    'Using HTTP Basic authentication: prefer ZAMMAD_HTTP_TOKEN (scoped permissions, works with 2FA).',
  );
  return { kind: 'basic', username, password };
}

function parseCa(r: Reader): string | undefined {
  const caFile = r.str('ZAMMAD_CA_FILE');
  if (!caFile) return undefined;
  try {
    const ca = r.readFile(caFile);
    if (!ca.includes('-----BEGIN CERTIFICATE-----'))
      r.problems.push(`ZAMMAD_CA_FILE (${caFile}) holds no PEM certificate.`);
    return ca;
  } catch (e) {
    r.problems.push(`ZAMMAD_CA_FILE names ${caFile}, which cannot be read (${codeOf(e)}).`);
    return undefined;
  }
}

/** Where Zammad is and how to reach it. */
export function parseZammad(r: Reader): ZammadConfig {
  const allowHttp = r.bool('ZAMMAD_ALLOW_HTTP');
  const baseUrl = parseBaseUrl(r, allowHttp);
  const auth = parseAuth(r);
  const ca = parseCa(r);
  return {
    baseUrl,
    apiUrl: `${baseUrl}/api/v1`,
    auth,
    allowHttp,
    ...(ca !== undefined ? { ca } : {}),
    timeoutMs: r.int('ZAMMAD_TIMEOUT_MS'),
    maxRetries: r.int('ZAMMAD_MAX_RETRIES'),
    maxConcurrency: r.int('ZAMMAD_MAX_CONCURRENCY'),
    cacheTtlMs: r.int('ZAMMAD_CACHE_TTL_SECONDS') * 1000,
    maxResponseBytes: r.int('ZAMMAD_MAX_RESPONSE_BYTES'),
    maxBodyChars: r.int('ZAMMAD_MAX_BODY_CHARS'),
  };
}
