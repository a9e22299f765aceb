/**
 * MCP over Streamable HTTP at `/mcp`, for teams. Every request passes the guards of
 * `./guards.ts` in their order (TLS or loopback is checked at start-up), then reaches MCP
 * (`./mcp.ts`). This file assembles them and runs the server.
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { getOAuthProtectedResourceMetadataUrl } from '@modelcontextprotocol/server';
import type { ServedApp } from '../served-app.js';
import { Authenticator } from '../../auth/authenticate.js';
import { Identities } from '../../auth/identity.js';
import { hostForHeader } from '../../config/hosts.js';
import type { HttpConfig } from '../../config/index.js';
import { toolRisks } from '../../policy/principals.js';
import type { AnyTool } from '../../tools/define.js';
import { newExchange, type Exchange, type HttpContext, type Site, type Verdict } from './exchange.js';
import { answerTooLarge } from './body.js';
import { GUARDS } from './guards.js';
import { HostAllowlist, OriginPolicy, ownHosts, ownOrigins } from './host-origin.js';
import { IpList } from './ip.js';
import { ConcurrencyLimiter, RateLimiter } from './limits.js';
import { createMcpEndpoint } from './mcp.js';
import { MCP_PATH } from './metadata.js';
import { sendWebResponse } from './node-fetch.js';
import { readiness } from './readiness.js';
import { InFlight, shutdownSignals } from '../in-flight.js';
import { refusal } from './responses.js';
import type { SessionStore } from './sessions.js';

export { MCP_PATH } from './metadata.js';

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
  /**
   * Stops listening, lets calls in progress finish (at most `waitMs`, default
   * MCP_SHUTDOWN_TIMEOUT_MS, or until `stop` settles), then closes sessions and connections.
   */
  close(o?: { waitMs?: number; stop?: Promise<unknown> }): Promise<void>;
}

/** Sends a guard's verdict: a refusal is logged (never with a credential), an answer sent. */
async function render(v: Verdict, x: Exchange, c: HttpContext): Promise<void> {
  if (v.kind === 'drop') return;
  const nosniff = { 'x-content-type-options': 'nosniff' };
  if (v.kind === 'answer') return sendWebResponse(x.res, v.response, { ...nosniff, ...v.headers });
  c.log.info('http request refused', {
    status: v.status,
    reason: v.reason,
    ip: x.ip,
    method: x.req.method,
    path: x.path,
  });
  const answer = refusal(v.status, v.message, v.headers);
  if (v.unreadBody) await answerTooLarge(x.req, x.res, answer, nosniff);
  else await sendWebResponse(x.res, answer, nosniff);
}

/** Where the server is reached once it listens on `port`: URLs, its Host names and origins. */
function siteOf(cfg: HttpConfig, port: number): Site {
  const scheme = cfg.tls ? 'https' : 'http';
  const bindHost =
    cfg.host === '0.0.0.0' ? '127.0.0.1' : cfg.host === '::' || cfg.host === '[::]' ? '[::1]' : cfg.host;
  const origin = `${scheme}://${hostForHeader(bindHost.replace(/^\[|\]$/g, ''))}:${port}`;
  const resourceUrl = cfg.publicUrl ?? `${origin}${MCP_PATH}`;
  const prmUrl = getOAuthProtectedResourceMetadataUrl(new URL(resourceUrl));
  const hosts = cfg.allowedHostsDefault
    ? ownHosts(cfg.allowedHosts, port, scheme, cfg.publicUrl)
    : cfg.allowedHosts;
  return {
    origin,
    resourceUrl,
    prmUrl,
    prmPath: new URL(prmUrl).pathname,
    hosts: new HostAllowlist(hosts, { portless: cfg.allowedHostsDefault ? 'exact' : 'any' }),
    origins: new OriginPolicy(cfg.allowedOrigins, scheme, [
      ...ownOrigins(hosts, scheme, port),
      ...(cfg.publicUrl ? [new URL(cfg.publicUrl).origin] : []),
    ]),
  };
}

export async function startHttp(app: ServedApp, o: HttpOptions = {}): Promise<HttpHandle> {
  const cfg = app.config.http;
  const log = app.log.child({ transport: 'http' });
  const tools = o.tools ?? app.selection.enabled;
  const c: HttpContext = {
    cfg,
    log,
    // Replaced once listening (the port may be ephemeral); no request arrives before.
    site: siteOf(cfg, 0),
    sourceIps: cfg.allowedSourceIps ? new IpList(cfg.allowedSourceIps) : undefined,
    proxies: new IpList(cfg.trustedProxies),
    auth: new Authenticator({ enabled: cfg.auth.enabled, apiKeys: cfg.auth.apiKeys, jwt: cfg.auth.jwt }),
    // Wrong credentials per source address: slows down guessing keys or forging tokens.
    authFailures: new RateLimiter(
      cfg.limits.authFailuresPerMinute,
      Math.max(1, cfg.limits.authFailuresPerMinute),
    ),
    rate: new RateLimiter(cfg.limits.ratePerMinute, cfg.limits.rateBurst),
    inFlight: new ConcurrencyLimiter(cfg.limits.maxConcurrent),
    identities: new Identities(
      app.config,
      { zammad: app.zammad, scope: app.scope },
      // A principal's own Zammad client gets the same article review and pseudonymizer, and its
      // requests are child spans of its calls like the service client's.
      (z) => {
        app.privacy?.attach(z);
        const t = app.telemetry;
        if (t?.enabled) z.http.observe((e) => t.upstream(e));
      },
    ),
    calls: new InFlight(),
    toolRisks: toolRisks(tools),
    toolsetOf: new Map(tools.map((t) => [t.name, t.toolset])),
    isReady: readiness(app.zammad, undefined, app.log),
    ...(app.governance ? { governance: app.governance } : {}),
  };
  // A reload (SIGHUP, a changed policy file) brings rotated API keys and the service credential.
  const onReload = (r: { config?: Readonly<ServedApp['config']> }): void => {
    if (!r.config) return;
    c.auth.setApiKeys(r.config.http.auth.apiKeys);
    c.identities.setServiceAuth(r.config.zammad.auth);
  };
  app.events?.on('reload', onReload);
  const mcp = createMcpEndpoint(app, c, { tools, ...(o.now ? { now: o.now } : {}) });
  const bucketSweep = setInterval(() => {
    c.rate.sweep();
    c.authFailures.sweep();
  }, 60_000);
  bucketSweep.unref();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const x = newExchange(req, res);
    // A GET is a session's notification stream, not a call a shutdown waits for.
    if (x.method !== 'GET') x.cleanups.push((x.endCall = c.calls.enter()));
    try {
      for (const guard of GUARDS) {
        const verdict = await guard(x, c);
        if (verdict) return await render(verdict, x, c);
      }
      await mcp.serve(x);
    } finally {
      for (const end of x.cleanups.reverse()) end();
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
  const site = (c.site = siteOf(cfg, port));
  log.info('listening', {
    url: `${site.origin}${MCP_PATH}`,
    ...(cfg.publicUrl ? { publicUrl: cfg.publicUrl } : {}),
  });

  let closing: Promise<void> | undefined;
  return {
    url: `${site.origin}${MCP_PATH}`,
    port,
    server,
    sessions: mcp.sessions,
    close: (o = {}) => {
      closing ??= (async () => {
        clearInterval(bucketSweep);
        app.events?.off('reload', onReload);
        // No new connection from here on; new calls on open ones are refused (see `draining`).
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const waitMs = o.waitMs ?? app.config.shutdownTimeoutMs;
        log.info('draining', { inProgress: c.calls.count, timeoutMs: waitMs });
        if (!(await c.calls.drain(waitMs, o.stop)))
          log.warn('calls still in progress are cut', { inProgress: c.calls.count });
        await mcp.close();
        server.closeIdleConnections();
        // Streams still open after a grace period are cut.
        const cut = setTimeout(() => server.closeAllConnections(), 2_000);
        cut.unref();
        await stopped;
        clearTimeout(cut);
        await c.identities.close();
      })();
      return closing;
    },
  };
}

/**
 * For the CLI: serve until SIGTERM/SIGINT, then drain (calls in progress finish within
 * MCP_SHUTDOWN_TIMEOUT_MS; a second signal stops waiting) and close the app.
 */
export async function serveOverHttp(
  app: ServedApp,
  onClose: () => Promise<void> = () => app.close(),
): Promise<void> {
  const signals = shutdownSignals();
  try {
    const h = await startHttp(app);
    app.log.info('shutting down', { reason: await signals.first });
    await h.close({ stop: signals.again });
    await onClose().catch(() => undefined);
  } finally {
    signals.dispose();
  }
}
