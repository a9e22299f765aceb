/**
 * The guards every HTTP request passes, in the order of `GUARDS`; the first with a verdict
 * answers, and a request that passes them all reaches MCP. Cheap checks come first and nothing
 * is read or parsed for a request the earlier ones refuse.
 */
import type { Principal } from '../../auth/principal.js';
import { scopesOfRisks } from '../../auth/scopes.js';
import { risksMissing } from '../../policy/principals.js';
import { callsOutside, headerToolsets } from '../../policy/toolsets.js';
import type { Risk } from '../../policy/risk.js';
import { refuse, type Exchange, type Guard, type HttpContext, type Refusal } from './exchange.js';
import { addressKey, clientIp } from './ip.js';
import { readBody } from './body.js';
import { MCP_PATH, prmDocument, PRM_ROOT } from './metadata.js';
import { bearerChallenge, jsonResponse } from './responses.js';

const CORS_ALLOW_HEADERS =
  'authorization, content-type, accept, mcp-session-id, mcp-protocol-version, last-event-id, x-api-key, mcp-method, mcp-name, x-mcp-toolsets';
const CORS_EXPOSE_HEADERS = 'mcp-session-id, mcp-protocol-version, www-authenticate, retry-after';
const PROBE_HEADERS = { 'content-type': 'text/plain', 'cache-control': 'no-store' };

/** The principal the authentication guard set (the guards after it run only with one). */
function principalOf(x: Exchange): Principal {
  if (!x.principal) throw new Error('guard order: no principal yet');
  return x.principal;
}

/** `/healthz` and `/readyz` answer before any other guard and say nothing but ok / not ready. */
export const probes: Guard = async (x, c) => {
  if (x.method !== 'GET' && x.method !== 'HEAD') return undefined;
  if (x.path === '/healthz')
    return { kind: 'answer', response: new Response('ok\n', { headers: PROBE_HEADERS }) };
  if (x.path !== '/readyz') return undefined;
  // Shutting down: a load balancer should send no more.
  const ok = !c.calls.draining && (await c.isReady());
  return {
    kind: 'answer',
    response: new Response(ok ? 'ready\n' : 'not ready\n', {
      status: ok ? 200 : 503,
      headers: PROBE_HEADERS,
    }),
  };
};

/** DNS rebinding: the Host header must be one of ours. */
export const host: Guard = (x, c) =>
  c.site.hosts.allows(x.req.headers.host)
    ? undefined
    : refuse(
        421,
        'Misdirected request: the Host header is not allowed for this server (possible DNS rebinding).',
        'host',
      );

/** Browsers: our own origin or a configured one; requests without Origin are not browsers'. */
export const origin: Guard = (x, c) =>
  c.site.origins.allows(x.requestOrigin, x.req.headers.host)
    ? undefined
    : refuse(403, 'Forbidden: this Origin is not allowed.', 'origin');

/** The source address (X-Forwarded-For only from trusted proxies) against the allowlist. */
export const sourceIp: Guard = (x, c) => {
  x.ip = clientIp(x.peer, x.req.headers['x-forwarded-for'], c.proxies);
  if (c.sourceIps && !c.sourceIps.has(x.ip))
    return refuse(403, 'Forbidden: the source IP is not in the allowed list.', 'source ip');
  return undefined;
};

/** CORS answers for configured origins; an OPTIONS preflight is answered here. */
export const preflight: Guard = (x, c) => {
  if (x.requestOrigin && c.site.origins.configured)
    x.cors = {
      'access-control-allow-origin': x.requestOrigin,
      vary: 'origin',
      'access-control-expose-headers': CORS_EXPOSE_HEADERS,
    };
  if (x.method !== 'OPTIONS') return undefined;
  return {
    kind: 'answer',
    response: new Response(null, { status: 204 }),
    headers: {
      ...x.cors,
      allow: 'GET, POST, DELETE, OPTIONS',
      ...(x.cors['access-control-allow-origin']
        ? {
            'access-control-allow-methods': 'GET, POST, DELETE',
            'access-control-allow-headers': CORS_ALLOW_HEADERS,
            'access-control-max-age': '600',
          }
        : {}),
    },
  };
};

/** The OAuth protected-resource metadata, served without authentication. */
export const metadata: Guard = (x, c) => {
  if (x.path !== PRM_ROOT && x.path !== c.site.prmPath) return undefined;
  if (x.method !== 'GET' && x.method !== 'HEAD')
    return refuse(405, 'Method not allowed.', 'method', { allow: 'GET' });
  return {
    kind: 'answer',
    response: jsonResponse(200, prmDocument(c), { 'cache-control': 'max-age=300' }),
    headers: x.cors,
  };
};

/** Only `/mcp`, only the methods of Streamable HTTP. */
export const route: Guard = (x) => {
  if (x.path !== MCP_PATH && x.path !== `${MCP_PATH}/`) return refuse(404, 'Not found.', 'path');
  if (x.method !== 'POST' && x.method !== 'GET' && x.method !== 'DELETE')
    return refuse(405, 'Method not allowed.', 'method', { allow: 'GET, POST, DELETE' });
  return undefined;
};

/** The body of a POST, read within the limit (before authentication: a huge body costs nothing). */
export const bodySize: Guard = async (x, c) => {
  if (x.method !== 'POST') return undefined;
  const b = await readBody(x.req, c.cfg.limits.maxBodyBytes);
  if (b.ok) {
    x.body = b.body;
    return undefined;
  }
  if (b.reason === 'aborted') return { kind: 'drop' };
  return {
    ...refuse(413, `Payload too large: the limit is ${c.cfg.limits.maxBodyBytes} bytes.`, 'body size'),
    unreadBody: true,
  };
};

/**
 * Authentication. Wrong credentials from one address (an IPv6 /64) are limited: past the limit
 * they get 429 instead of 401. A valid credential always passes, so nobody sharing the address
 * (a NAT, a proxy) is locked out by someone else's guessing.
 */
export const authenticate: Guard = async (x, c) => {
  const apiKey = x.req.headers['x-api-key'];
  const a = await c.auth.authenticate({
    authorization: x.req.headers.authorization,
    apiKey: Array.isArray(apiKey) ? apiKey.join(',') : apiKey,
  });
  if (a.ok) {
    x.principal = a.principal;
    return undefined;
  }
  const guessing = a.wrongCredential ? c.authFailures.take(addressKey(x.ip)) : undefined;
  if (guessing && !guessing.ok)
    return refuse(429, 'Too many wrong credentials from this address: slow down.', 'auth failures', {
      'retry-after': String(guessing.retryAfterSeconds),
      ...x.cors,
    });
  return refuse(a.status, `Unauthorized: ${a.description}`, a.reason, {
    ...x.cors,
    ...(a.status === 503
      ? { 'retry-after': '30' }
      : {
          'www-authenticate': bearerChallenge({
            error: a.error,
            description: a.description,
            ...(a.scopes ? { scopes: a.scopes } : {}),
            resourceMetadata: c.site.prmUrl,
          }),
        }),
  });
};

/** Requests per minute, per principal. */
export const rateLimit: Guard = (x, c) => {
  const r = c.rate.take(principalOf(x).id);
  if (r.ok) return undefined;
  return refuse(429, 'Too many requests: slow down.', 'rate limit', {
    'retry-after': String(r.retryAfterSeconds),
    ...x.cors,
  });
};

/** Requests in progress, per principal. A GET is a session's long-lived stream: not counted. */
export const inProgress: Guard = (x, c) => {
  if (x.method === 'GET') return undefined;
  const release = c.inFlight.acquire(principalOf(x).id);
  if (release) {
    x.cleanups.push(release);
    return undefined;
  }
  return refuse(
    429,
    `Too many requests in progress (at most ${c.cfg.limits.maxConcurrent}).`,
    'concurrency',
    {
      'retry-after': '1',
      ...x.cors,
    },
  );
};

/** 403 for a call the principal's key or token does not reach; a JWT learns the scope to ask for. */
function scopeRefusal(missing: Set<Risk>, p: Principal, x: Exchange, c: HttpContext): Refusal {
  if (p.method !== 'jwt')
    return refuse(403, `Forbidden: this API key may not use ${[...missing].join(', ')} tools.`, 'key risk', {
      ...x.cors,
    });
  const what = scopesOfRisks(missing).join(' ');
  return refuse(403, `Forbidden: insufficient scope; this call needs ${what}.`, 'insufficient scope', {
    'www-authenticate': bearerChallenge({
      error: 'insufficient_scope',
      description: `This call needs ${what}`,
      scopes: scopesOfRisks([...p.risks, ...missing]),
      resourceMetadata: c.site.prmUrl,
    }),
    ...x.cors,
  });
}

/** The body parsed, and every call in it within the principal's risks (src/policy/principals.ts). */
export const scope: Guard = (x, c) => {
  if (x.body !== undefined && x.body.length > 0) {
    try {
      x.parsed = JSON.parse(x.body.toString('utf8'));
    } catch {
      x.parsed = undefined; // the MCP handler answers the parse error
    }
  }
  const p = principalOf(x);
  const missing = risksMissing(x.parsed, c.toolRisks, p);
  return missing.size === 0 ? undefined : scopeRefusal(missing, p, x, c);
};

/**
 * `X-MCP-Toolsets` narrows what this request (or the session its initialize opens) sees: an
 * unknown name is a 400 listing the valid ones; a call to a tool outside the named toolsets is
 * refused before it reaches MCP. It never widens: the server's tools are already the policy's.
 */
export const toolsets: Guard = (x, c) => {
  const raw = x.req.headers['x-mcp-toolsets'];
  const h = headerToolsets(Array.isArray(raw) ? raw.join(',') : raw);
  if (!h.ok) return refuse(400, `Bad Request: ${h.message}`, 'toolsets header', { ...x.cors });
  if (!h.toolsets) return undefined;
  x.toolsets = h.toolsets;
  const outside = callsOutside(x.parsed, c.toolsetOf, h.toolsets);
  if (outside.length === 0) return undefined;
  return refuse(
    403,
    `Forbidden: ${outside.join(', ')} is outside this request's X-MCP-Toolsets (${[...h.toolsets].join(', ')}).`,
    'toolsets header',
    { ...x.cors },
  );
};

/** A JSON-RPC request (not a response or a notification) in a body. */
const hasRequest = (body: unknown): boolean =>
  (Array.isArray(body) ? body : [body]).some(
    (m) => !!m && typeof m === 'object' && 'method' in m && 'id' in m,
  );

/**
 * Shutting down: no new call, no new stream. What calls in progress still need passes
 * (an answer to an elicitation, a cancellation).
 */
export const draining: Guard = (x, c) => {
  if (!c.calls.draining || (x.method !== 'GET' && !hasRequest(x.parsed))) return undefined;
  return refuse(503, 'Service unavailable: the server is shutting down; try again.', 'shutting down', {
    'retry-after': '1',
    connection: 'close',
    ...x.cors,
  });
};

/** The principal's Zammad identity (its own token, or a user to act as) must be configured. */
export const identity: Guard = (x, c) =>
  c.identities.for(principalOf(x))
    ? undefined
    : refuse(403, 'Forbidden: no Zammad identity is configured for this principal.', 'no identity');

/** MCP_POLICY_FILE: a principal no rule names (and no default rule) is refused. */
export const policyRule: Guard = (x, c) => {
  const refused = c.governance?.for(principalOf(x)).refused;
  return refused
    ? refuse(403, 'Forbidden: the policy file has no rule for this principal.', 'no policy rule', {
        ...x.cors,
      })
    : undefined;
};

/** The order, written once. */
export const GUARDS: readonly Guard[] = [
  probes,
  host,
  origin,
  sourceIp,
  preflight,
  metadata,
  route,
  bodySize,
  authenticate,
  rateLimit,
  inProgress,
  scope,
  toolsets,
  draining,
  identity,
  policyRule,
];
