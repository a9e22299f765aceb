/**
 * MCP over Streamable HTTP at `/mcp`, for teams. Clients of the 2026-07-28 revision are served per
 * request by the SDK's handler; clients of the 2025 revisions get sessions (elicitation needs
 * them), bound to their principal and closed when idle.
 *
 * Every request passes the guards in this order; the first that refuses answers:
 *   (start-up) TLS or loopback → Host → Origin → source IP (X-Forwarded-For only from trusted
 *   proxies) → body size → authentication (wrong credentials limited per address) → rate limit →
 *   requests in progress → scope of the called tool → the principal's Zammad identity → MCP.
 * `/healthz` and `/readyz` answer before the guards and say nothing but ok / not ready.
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  createMcpHandler,
  getOAuthProtectedResourceMetadataUrl,
  isInitializeRequest,
  isLegacyRequest,
  type AuthInfo,
  type McpServer,
} from '@modelcontextprotocol/server';
import type { App } from '../app.js';
import { Authenticator } from '../auth/authenticate.js';
import { Identities } from '../auth/identity.js';
import type { Principal } from '../auth/principal.js';
import { ALL_SCOPES, SCOPE_OF, scopesOfRisks } from '../auth/scopes.js';
import { CONFIRM_ACTION, isGated } from '../policy/confirm.js';
import { createServer } from '../server/index.js';
import type { AnyTool } from '../tools/define.js';
import { RISKS, type Risk } from '../policy/risk.js';
import { HostAllowlist, hostForHeader, OriginPolicy } from './http/guards.js';
import { addressKey, clientIp, IpList } from './http/ip.js';
import { ConcurrencyLimiter, RateLimiter, readBody } from './http/limits.js';
import { sendWebResponse, toWebRequest } from './http/node-fetch.js';
import { bearerChallenge, jsonResponse, refusal } from './http/responses.js';
import { SessionStore } from './http/sessions.js';

export const MCP_PATH = '/mcp';
const PRM_ROOT = '/.well-known/oauth-protected-resource';
const CORS_ALLOW_HEADERS =
  'authorization, content-type, accept, mcp-session-id, mcp-protocol-version, last-event-id, x-api-key, mcp-method, mcp-name';
const CORS_EXPOSE_HEADERS = 'mcp-session-id, mcp-protocol-version, www-authenticate, retry-after';

export interface HttpOptions {
  /** Test hook: serve these tools instead of the app's selection (policy still applied by the caller). */
  tools?: readonly AnyTool[];
  /** Test hook: the clock of session idleness (epoch ms). */
  now?: () => number;
}

export interface HttpHandle {
  /** e.g. `http://127.0.0.1:8080/mcp` */
  url: string;
  port: number;
  server: Server;
  /** Open 2025-era sessions (for tests and the benchmark). */
  sessions: SessionStore;
  close(): Promise<void>;
}

type Refusal = { status: number; message: string; reason: string; headers?: Record<string, string> };

/**
 * The principal rides to the per-request server factory in `authInfo.extra`, never the credential;
 * so does the name of the tool a single `tools/call` calls (the server then registers only it).
 */
function authInfoOf(p: Principal, onlyTool?: string): AuthInfo {
  return {
    token: '',
    clientId: p.id,
    scopes: [...p.scopes],
    extra: onlyTool === undefined ? { principal: p } : { principal: p, onlyTool },
  };
}

function principalOf(a: AuthInfo | undefined): Principal {
  const p = a?.extra?.principal as Principal | undefined;
  if (!p || typeof p.id !== 'string') throw new Error('request without a principal reached the MCP handler');
  return p;
}

/** The tool a JSON-RPC message calls, when it is a `tools/call` request. */
function toolCallName(message: unknown): string | undefined {
  if (!message || typeof message !== 'object') return undefined;
  const { method, params } = message as { method?: unknown; params?: { name?: unknown } };
  return method === 'tools/call' && typeof params?.name === 'string' ? params.name : undefined;
}

/** The tool a body calls when it is exactly one `tools/call` request; otherwise undefined. */
function calledTool(parsed: unknown): string | undefined {
  return Array.isArray(parsed) ? undefined : toolCallName(parsed);
}

export async function startHttp(app: App, o: HttpOptions = {}): Promise<HttpHandle> {
  const cfg = app.config.http;
  const log = app.log.child({ transport: 'http' });
  const tools = o.tools ?? app.selection.enabled;
  const riskOf = new Map<string, Risk>(tools.map((t) => [t.name, t.risk]));
  const gatedRisks = new Set(tools.filter(isGated).map((t) => t.risk));

  const auth = new Authenticator({ enabled: cfg.auth.enabled, apiKeys: cfg.auth.apiKeys, jwt: cfg.auth.jwt });
  const hosts = new HostAllowlist(cfg.allowedHosts);
  const sourceIps = cfg.allowedSourceIps ? new IpList(cfg.allowedSourceIps) : undefined;
  const proxies = new IpList(cfg.trustedProxies);
  const rate = new RateLimiter(cfg.limits.ratePerMinute, cfg.limits.rateBurst);
  // Wrong credentials per source address: slows down guessing keys or forging tokens.
  const authFailures = new RateLimiter(
    cfg.limits.authFailuresPerMinute,
    Math.max(1, cfg.limits.authFailuresPerMinute),
  );
  const inFlight = new ConcurrencyLimiter(cfg.limits.maxConcurrent);
  const identities = new Identities(app.config, { zammad: app.zammad, scope: app.scope });

  // Each principal sees (tools/list) and can call only the tools its scopes grant.
  const toolSets = new Map<string, AnyTool[]>();
  const toolsFor = (p: Principal): AnyTool[] => {
    const key = RISKS.filter((r) => p.risks.has(r)).join(',');
    let list = toolSets.get(key);
    if (!list) toolSets.set(key, (list = tools.filter((t) => p.risks.has(t.risk))));
    return list;
  };
  const serverFor = (p: Principal, onlyTool?: string): McpServer => {
    const id = identities.for(p);
    if (!id) throw new Error(`no Zammad identity for ${p.id}`);
    return createServer({
      config: app.config,
      zammad: id.zammad,
      scope: id.scope,
      log: app.log,
      tools: toolsFor(p),
      principal: p.id,
      confirmations: app.confirmations,
      ...(onlyTool === undefined ? {} : { onlyTool }),
      ...(app.auditTrail ? { auditTrail: app.auditTrail } : {}),
    });
  };

  const onerror = (e: Error): void => log.debug('mcp handler error', { error: e.message });
  const modern = createMcpHandler(
    (ctx) => {
      const only = ctx.authInfo?.extra?.onlyTool;
      return serverFor(principalOf(ctx.authInfo), typeof only === 'string' ? only : undefined);
    },
    {
      legacy: 'reject',
      maxRequestBodySize: cfg.limits.maxBodyBytes,
      onerror,
    },
  );
  const sessions = new SessionStore(
    {
      idleMs: cfg.sessions.idleSeconds * 1000,
      max: cfg.sessions.max,
      maxPerPrincipal: cfg.sessions.maxPerPrincipal,
      maxBodyBytes: cfg.limits.maxBodyBytes,
    },
    (s, why) => log.debug('session closed', { principal: s.principal, why }),
    o.now,
  );
  sessions.start();
  const bucketSweep = setInterval(() => {
    rate.sweep();
    authFailures.sweep();
  }, 60_000);
  bucketSweep.unref();

  // Filled in once listening (the port may be ephemeral).
  let origin = '';
  let resourceUrl = '';
  let prmUrl = '';
  let prmPath = PRM_ROOT;
  const scheme = cfg.tls ? 'https' : 'http';
  const origins = new OriginPolicy(
    cfg.allowedOrigins,
    scheme,
    cfg.publicUrl ? [new URL(cfg.publicUrl).origin] : [],
  );

  const prmDocument = (): Record<string, unknown> => ({
    resource: resourceUrl,
    ...(cfg.auth.jwt ? { authorization_servers: [cfg.auth.jwt.issuer] } : {}),
    scopes_supported: ALL_SCOPES,
    bearer_methods_supported: ['header'],
    resource_name: 'Zammad MCP server',
  });

  // --- readiness: is Zammad reachable with the server's credential? Cached briefly, shared.
  let ready: { at: number; ok: boolean } | undefined;
  let checking: Promise<boolean> | undefined;
  const isReady = (): Promise<boolean> => {
    if (ready && Date.now() - ready.at < 5_000) return Promise.resolve(ready.ok);
    checking ??= app.zammad
      .me(AbortSignal.timeout(5_000))
      .then(
        () => true,
        () => false,
      )
      .then((ok) => {
        ready = { at: Date.now(), ok };
        checking = undefined;
        return ok;
      });
    return checking;
  };

  const respond = async (res: ServerResponse, r: Response, extra?: Record<string, string>): Promise<void> => {
    await sendWebResponse(res, r, { 'x-content-type-options': 'nosniff', ...extra });
  };

  const refuse = async (req: IncomingMessage, res: ServerResponse, r: Refusal, ip: string): Promise<void> => {
    log.info('http request refused', {
      status: r.status,
      reason: r.reason,
      ip,
      method: req.method,
      path: (req.url ?? '').split('?')[0],
    });
    await respond(res, refusal(r.status, r.message, r.headers));
  };

  /** The tool-scope check of a request body: a refusal when a call needs a scope the principal lacks. */
  const scopeCheck = (parsed: unknown, p: Principal): Refusal | undefined => {
    const messages = Array.isArray(parsed) ? parsed : [parsed];
    const missing = new Set<Risk>();
    for (const m of messages) {
      if (!m || typeof m !== 'object') continue;
      const name = toolCallName(m);
      const { method } = m as { method?: unknown };
      if (name !== undefined) {
        if (name === CONFIRM_ACTION) {
          if (![...gatedRisks].some((r) => p.risks.has(r))) for (const r of gatedRisks) missing.add(r);
          continue;
        }
        const risk = riskOf.get(name);
        if (risk && !p.risks.has(risk)) missing.add(risk);
      } else if (typeof method === 'string' && method.startsWith('resources/') && !p.risks.has('read')) {
        missing.add('read');
      }
    }
    if (missing.size === 0) return undefined;
    const scopes = scopesOfRisks([...p.risks, ...missing]);
    const what = scopesOfRisks(missing).join(' ');
    if (p.method !== 'jwt')
      return {
        status: 403,
        message: `Forbidden: this API key may not use ${[...missing].join(', ')} tools.`,
        reason: 'key risk',
      };
    return {
      status: 403,
      message: `Forbidden: insufficient scope; this call needs ${what}.`,
      reason: 'insufficient scope',
      headers: {
        'www-authenticate': bearerChallenge({
          error: 'insufficient_scope',
          description: `This call needs ${what}`,
          scopes,
          resourceMetadata: prmUrl,
        }),
      },
    };
  };

  /** 2025-era traffic: sessions bound to their principal. */
  const legacy = async (
    request: Request,
    parsed: unknown,
    p: Principal,
  ): Promise<{ response: Response; done?: () => void }> => {
    const authInfo = authInfoOf(p);
    const opts = parsed !== undefined ? { authInfo, parsedBody: parsed } : { authInfo };
    const sid = request.headers.get('mcp-session-id');
    if (sid) {
      // Another principal's session answers exactly like an unknown one.
      const s = sessions.get(sid, p.id);
      if (!s) return { response: refusal(404, 'Session not found', {}, -32001) };
      const done = sessions.touch(s);
      if (request.method === 'GET') done(); // a held-open stream does not keep a session alive
      try {
        return { response: await s.transport.handleRequest(request, opts), done };
      } catch (e) {
        done();
        throw e;
      }
    }
    if (request.method === 'POST' && isInitializeRequest(parsed)) {
      const opened = await sessions.open(p.id, serverFor(p));
      if (!opened.ok)
        return {
          response: refusal(503, 'Too many open sessions; try again later.', { 'retry-after': '30' }),
        };
      const response = await opened.transport.handleRequest(request, opts);
      opened.adopt();
      return { response };
    }
    return { response: refusal(400, 'Bad Request: Mcp-Session-Id header is required') };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    const peer = req.socket.remoteAddress ?? '';

    if (path === '/healthz' && (method === 'GET' || method === 'HEAD'))
      return respond(
        res,
        new Response('ok\n', { headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' } }),
      );
    if (path === '/readyz' && (method === 'GET' || method === 'HEAD')) {
      const ok = await isReady();
      return respond(
        res,
        new Response(ok ? 'ready\n' : 'not ready\n', {
          status: ok ? 200 : 503,
          headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' },
        }),
      );
    }

    // 1. Host (DNS rebinding)
    if (!hosts.allows(req.headers.host))
      return refuse(
        req,
        res,
        {
          status: 421,
          message:
            'Misdirected request: the Host header is not allowed for this server (possible DNS rebinding).',
          reason: 'host',
        },
        peer,
      );
    // 2. Origin (browsers)
    const requestOrigin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
    if (!origins.allows(requestOrigin, req.headers.host))
      return refuse(
        req,
        res,
        { status: 403, message: 'Forbidden: this Origin is not allowed.', reason: 'origin' },
        peer,
      );
    // 3. Source IP (X-Forwarded-For only from trusted proxies)
    const ip = clientIp(peer, req.headers['x-forwarded-for'], proxies);
    if (sourceIps && !sourceIps.has(ip))
      return refuse(
        req,
        res,
        { status: 403, message: 'Forbidden: the source IP is not in the allowed list.', reason: 'source ip' },
        ip,
      );

    const cors: Record<string, string> =
      requestOrigin && origins.configured
        ? {
            'access-control-allow-origin': requestOrigin,
            vary: 'origin',
            'access-control-expose-headers': CORS_EXPOSE_HEADERS,
          }
        : {};
    if (method === 'OPTIONS')
      return respond(res, new Response(null, { status: 204 }), {
        ...cors,
        allow: 'GET, POST, DELETE, OPTIONS',
        ...(cors['access-control-allow-origin']
          ? {
              'access-control-allow-methods': 'GET, POST, DELETE',
              'access-control-allow-headers': CORS_ALLOW_HEADERS,
              'access-control-max-age': '600',
            }
          : {}),
      });
    if (path === PRM_ROOT || path === prmPath) {
      if (method !== 'GET' && method !== 'HEAD')
        return refuse(
          req,
          res,
          { status: 405, message: 'Method not allowed.', reason: 'method', headers: { allow: 'GET' } },
          ip,
        );
      return respond(res, jsonResponse(200, prmDocument(), { 'cache-control': 'max-age=300' }), cors);
    }
    if (path !== MCP_PATH && path !== `${MCP_PATH}/`)
      return refuse(req, res, { status: 404, message: 'Not found.', reason: 'path' }, ip);
    if (method !== 'POST' && method !== 'GET' && method !== 'DELETE')
      return refuse(
        req,
        res,
        {
          status: 405,
          message: 'Method not allowed.',
          reason: 'method',
          headers: { allow: 'GET, POST, DELETE' },
        },
        ip,
      );

    // 4. Body size
    let body: Buffer | undefined;
    if (method === 'POST') {
      const b = await readBody(req, cfg.limits.maxBodyBytes);
      if (!b.ok) {
        if (b.reason === 'aborted') return;
        res.once('finish', () => req.destroy());
        return refuse(
          req,
          res,
          {
            status: 413,
            message: `Payload too large: the limit is ${cfg.limits.maxBodyBytes} bytes.`,
            reason: 'body size',
            headers: { connection: 'close' },
          },
          ip,
        );
      }
      body = b.body;
    }

    // 5. Authentication. Wrong credentials from one address (an IPv6 /64) are limited: past the
    // limit they get 429 instead of 401. A valid credential always passes, so nobody sharing the
    // address (a NAT, a proxy) is locked out by someone else's guessing.
    const apiKey = req.headers['x-api-key'];
    const a = await auth.authenticate({
      authorization: req.headers.authorization,
      apiKey: Array.isArray(apiKey) ? apiKey.join(',') : apiKey,
    });
    if (!a.ok) {
      const guessing = a.wrongCredential ? authFailures.take(addressKey(ip)) : undefined;
      if (guessing && !guessing.ok)
        return refuse(
          req,
          res,
          {
            status: 429,
            message: 'Too many wrong credentials from this address: slow down.',
            reason: 'auth failures',
            headers: { 'retry-after': String(guessing.retryAfterSeconds), ...cors },
          },
          ip,
        );
      const headers: Record<string, string> = {
        ...cors,
        ...(a.status === 503
          ? { 'retry-after': '30' }
          : {
              'www-authenticate': bearerChallenge({
                error: a.error,
                description: a.description,
                ...(a.scopes ? { scopes: a.scopes } : {}),
                resourceMetadata: prmUrl,
              }),
            }),
      };
      return refuse(
        req,
        res,
        { status: a.status, message: `Unauthorized: ${a.description}`, reason: a.reason, headers },
        ip,
      );
    }
    const p = a.principal;

    // 6. Rate limit and requests in progress, per principal
    const r = rate.take(p.id);
    if (!r.ok)
      return refuse(
        req,
        res,
        {
          status: 429,
          message: 'Too many requests: slow down.',
          reason: 'rate limit',
          headers: { 'retry-after': String(r.retryAfterSeconds), ...cors },
        },
        ip,
      );
    // A GET is the long-lived notification stream of a session: it is not a request in progress.
    const release = method === 'GET' ? () => undefined : inFlight.acquire(p.id);
    if (!release)
      return refuse(
        req,
        res,
        {
          status: 429,
          message: `Too many requests in progress (at most ${cfg.limits.maxConcurrent}).`,
          reason: 'concurrency',
          headers: { 'retry-after': '1', ...cors },
        },
        ip,
      );

    let sessionDone: (() => void) | undefined;
    try {
      let parsed: unknown;
      if (body !== undefined && body.length > 0) {
        try {
          parsed = JSON.parse(body.toString('utf8'));
        } catch {
          parsed = undefined; // the MCP handler answers the parse error
        }
      }
      // 7. Scope of the called tool
      const denied = scopeCheck(parsed, p);
      if (denied) return await refuse(req, res, { ...denied, headers: { ...denied.headers, ...cors } }, ip);
      // 8. The principal's Zammad identity
      if (!identities.for(p))
        return await refuse(
          req,
          res,
          {
            status: 403,
            message: 'Forbidden: no Zammad identity is configured for this principal.',
            reason: 'no identity',
          },
          ip,
        );

      // 9. MCP
      const abort = new AbortController();
      res.once('close', () => {
        if (!res.writableFinished) abort.abort();
      });
      const request = toWebRequest(req, origin, body, abort.signal);
      let response: Response;
      if (await isLegacyRequest(request, parsed, { maxRequestBodySize: cfg.limits.maxBodyBytes })) {
        const l = await legacy(request, parsed, p);
        response = l.response;
        sessionDone = l.done;
      } else {
        const authInfo = authInfoOf(p, calledTool(parsed));
        response = await modern.fetch(
          request,
          parsed !== undefined ? { authInfo, parsedBody: parsed } : { authInfo },
        );
      }
      await respond(res, response, cors);
      log.debug('http request', {
        principal: p.id,
        method,
        status: response.status,
        ms: Math.round(performance.now() - started),
      });
    } finally {
      sessionDone?.();
      release();
    }
  };

  const serverOptions = {
    headersTimeout: cfg.limits.headersTimeoutMs,
    requestTimeout: cfg.limits.requestTimeoutMs,
    // How often Node checks the two timeouts above (default 30 s would let slow clients linger).
    connectionsCheckingInterval: Math.min(1_000, cfg.limits.headersTimeoutMs),
    keepAliveTimeout: 5_000,
  };
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((e: unknown) => {
      log.error('http request failed', { error: e instanceof Error ? e.message : String(e) });
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32603, message: 'Internal error' } }),
        );
      } else res.destroy();
    });
  };
  const server: Server = cfg.tls
    ? createHttpsServer(
        {
          ...serverOptions,
          cert: cfg.tls.cert,
          key: cfg.tls.key,
          minVersion: 'TLSv1.2',
          ...(cfg.tls.clientCa ? { ca: cfg.tls.clientCa, requestCert: true, rejectUnauthorized: true } : {}),
        },
        listener,
      )
    : createHttpServer(serverOptions, listener);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(cfg.port, cfg.host.replace(/^\[|\]$/g, ''), () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const bindHost =
    cfg.host === '0.0.0.0' ? '127.0.0.1' : cfg.host === '::' || cfg.host === '[::]' ? '[::1]' : cfg.host;
  origin = `${scheme}://${hostForHeader(bindHost.replace(/^\[|\]$/g, ''))}:${port}`;
  resourceUrl = cfg.publicUrl ?? `${origin}${MCP_PATH}`;
  prmUrl = getOAuthProtectedResourceMetadataUrl(new URL(resourceUrl));
  prmPath = new URL(prmUrl).pathname;
  log.info('listening', {
    url: `${origin}${MCP_PATH}`,
    ...(cfg.publicUrl ? { publicUrl: cfg.publicUrl } : {}),
  });

  let closing: Promise<void> | undefined;
  return {
    url: `${origin}${MCP_PATH}`,
    port,
    server,
    sessions,
    close: () => {
      closing ??= (async () => {
        clearInterval(bucketSweep);
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        await sessions.closeAll();
        await modern.close().catch(() => undefined);
        server.closeIdleConnections();
        // Streams still open after a grace period are cut.
        const cut = setTimeout(() => server.closeAllConnections(), 2_000);
        cut.unref();
        await stopped;
        clearTimeout(cut);
        await identities.close();
      })();
      return closing;
    },
  };
}

/** For the CLI: serve until SIGTERM/SIGINT, then close sessions and connections. */
export async function serveOverHttp(
  app: App,
  onClose: () => Promise<void> = () => app.close(),
): Promise<void> {
  const h = await startHttp(app);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  app.log.info('shutting down', { reason: 'signal' });
  await h.close();
  await onClose().catch(() => undefined);
}

/** The scope that grants a risk (re-exported for documentation and tests). */
export { SCOPE_OF };
