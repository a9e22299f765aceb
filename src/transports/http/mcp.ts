/**
 * The last stage, after every guard: MCP itself. Clients of the 2026-07-28 revision are served
 * per request by the SDK's handler; clients of the 2025 revisions get sessions (elicitation needs
 * them), bound to their principal and closed when idle.
 */
import {
  createMcpHandler,
  isInitializeRequest,
  isLegacyRequest,
  type AuthInfo,
  type McpServer,
} from '@modelcontextprotocol/server';
import type { ServedApp } from '../served-app.js';
import type { Principal } from '../../auth/principal.js';
import { calledTool, toolsForEachPrincipal } from '../../policy/principals.js';
import type { Toolset } from '../../policy/risk.js';
import { inToolsets, PrincipalToolsetChoices } from '../../policy/toolsets.js';
import { grantOf } from '../../policy/grant.js';
import { createServer } from '../../server/index.js';
import type { AnyTool } from '../../tools/define.js';
import type { Exchange, HttpContext } from './exchange.js';
import { sendWebResponse, toWebRequest } from './node-fetch.js';
import { refusal } from './responses.js';
import { SessionStore } from './sessions.js';

export interface McpEndpoint {
  /** Serves an exchange that passed the guards. */
  serve(x: Exchange): Promise<void>;
  sessions: SessionStore;
  close(): Promise<void>;
}

/**
 * The principal rides to the per-request server factory in `authInfo.extra`, never the credential;
 * so does the name of the tool a single `tools/call` calls (the server then registers only it).
 */
function authInfoOf(p: Principal, onlyTool?: string, toolsets?: ReadonlySet<Toolset>): AuthInfo {
  const extra: Record<string, unknown> = { principal: p };
  if (onlyTool !== undefined) extra.onlyTool = onlyTool;
  if (toolsets !== undefined) extra.toolsets = toolsets;
  return { token: '', clientId: p.id, scopes: [...p.scopes], extra };
}

function principalOf(a: AuthInfo | undefined): Principal {
  const p = a?.extra?.principal as Principal | undefined;
  if (!p || typeof p.id !== 'string') throw new Error('request without a principal reached the MCP handler');
  return p;
}

function isListen(body: unknown): boolean {
  return (
    !!body && typeof body === 'object' && (body as { method?: unknown }).method === 'subscriptions/listen'
  );
}

export function createMcpEndpoint(
  app: ServedApp,
  c: HttpContext,
  o: { tools: readonly AnyTool[]; now?: () => number },
): McpEndpoint {
  const { cfg, log } = c;
  // Each principal sees (tools/list) and can call only the tools its scopes grant.
  const toolsFor = toolsForEachPrincipal(o.tools);
  // Dynamic mode for stateless (2026-07-28) clients: the enabled toolsets outlive each request's
  // server, so this process carries them per principal.
  const choices = app.config.policy.dynamicToolsets ? new PrincipalToolsetChoices() : undefined;
  const serverFor = (
    p: Principal,
    o: { onlyTool?: string; toolsets?: ReadonlySet<Toolset>; stateless?: boolean } = {},
  ): McpServer => {
    const id = c.identities.for(p);
    if (!id) throw new Error(`no Zammad identity for ${p.id}`);
    // MCP_POLICY_FILE narrows further: the principal's rules, asked again on every call.
    const gov = app.governance;
    const granted = gov ? gov.tools(p, toolsFor(p)) : toolsFor(p);
    const tools = o.toolsets ? inToolsets(granted, o.toolsets) : granted;
    return createServer({
      config: app.config,
      zammad: id.zammad,
      scope: gov ? gov.scope(p, id.zammad) : id.scope,
      log: app.log,
      tools,
      ...(gov
        ? { grant: grantOf(tools, { deniedTools: gov.deniedTools(p, app.config.policy.deniedTools) }) }
        : {}),
      principal: p.id,
      confirmations: app.confirmations,
      ...(gov ? { gate: gov.gate(p) } : {}),
      ...(app.telemetry?.enabled ? { telemetry: app.telemetry } : {}),
      ...(app.privacy ? { privacy: app.privacy } : {}),
      ...(o.onlyTool === undefined ? {} : { onlyTool: o.onlyTool }),
      ...(o.stateless && choices
        ? { toolsetChoice: choices.for(p.id), toolsetsChanged: () => void modern.notify.toolsChanged() }
        : {}),
      ...(app.auditTrail ? { auditTrail: app.auditTrail } : {}),
      // Subscriptions need a session: a stateless request's server is gone when it answers.
      ...(!o.stateless && app.subscriptions ? { subscriptions: app.subscriptions } : {}),
    });
  };

  const modern = createMcpHandler(
    (ctx) => {
      const only = ctx.authInfo?.extra?.onlyTool;
      const toolsets = ctx.authInfo?.extra?.toolsets as ReadonlySet<Toolset> | undefined;
      return serverFor(principalOf(ctx.authInfo), {
        ...(typeof only === 'string' ? { onlyTool: only } : {}),
        ...(toolsets ? { toolsets } : {}),
        stateless: true,
      });
    },
    {
      legacy: 'reject',
      maxRequestBodySize: cfg.limits.maxBodyBytes,
      onerror: (e: Error): void => log.debug('mcp handler error', { error: e.message }),
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

  /** 2025-era traffic: sessions bound to their principal. */
  const legacy = async (request: Request, x: Exchange, p: Principal): Promise<Response> => {
    const authInfo = authInfoOf(p);
    const opts = x.parsed !== undefined ? { authInfo, parsedBody: x.parsed } : { authInfo };
    const sid = request.headers.get('mcp-session-id');
    if (sid) {
      // Another principal's session answers exactly like an unknown one.
      const s = sessions.get(sid, p.id);
      if (!s) return refusal(404, 'Session not found', {}, -32001);
      const done = sessions.touch(s);
      if (request.method === 'GET') done(); // a held-open stream does not keep a session alive
      x.cleanups.push(done);
      return s.transport.handleRequest(request, opts);
    }
    if (request.method === 'POST' && isInitializeRequest(x.parsed)) {
      // A session keeps the toolsets of the request that opened it; later headers narrow calls only.
      const opened = await sessions.open(p.id, serverFor(p, x.toolsets ? { toolsets: x.toolsets } : {}));
      if (!opened.ok)
        return refusal(503, 'Too many open sessions; try again later.', { 'retry-after': '30' });
      const response = await opened.transport.handleRequest(request, opts);
      opened.adopt();
      return response;
    }
    return refusal(400, 'Bad Request: Mcp-Session-Id header is required');
  };

  return {
    sessions,
    async serve(x) {
      const t = app.telemetry;
      if (!t?.enabled) return serveOne(x);
      const p = x.principal;
      const m = x.parsed as { method?: unknown; id?: unknown } | undefined;
      const method = Array.isArray(x.parsed) ? 'batch' : typeof m?.method === 'string' ? m.method : x.method;
      const tool = calledTool(x.parsed);
      const id =
        m && !Array.isArray(m) && (typeof m.id === 'string' || typeof m.id === 'number') ? m.id : undefined;
      const header = (n: string): string | undefined => {
        const v = x.req.headers[n];
        return typeof v === 'string' && v.length <= 200 ? v : undefined;
      };
      const session = header('mcp-session-id');
      const version = header('mcp-protocol-version');
      return t.request(
        {
          method,
          principal: p?.id ?? 'unknown',
          clientAddress: x.ip,
          ...(tool ? { tool } : {}),
          ...(id !== undefined ? { requestId: id } : {}),
          ...(session ? { sessionId: session } : {}),
          ...(version ? { protocolVersion: version } : {}),
        },
        (done) => serveOne(x, done),
      );
    },
    async close() {
      await sessions.closeAll();
      await modern.close().catch(() => undefined);
    },
  };

  async function serveOne(x: Exchange, done?: (status: number) => void): Promise<void> {
    {
      const p = x.principal;
      if (!p) throw new Error('guard order: no principal');
      // A subscription stream lasts as long as the client listens: not a call a shutdown waits for.
      if (isListen(x.parsed)) x.endCall();
      const abort = new AbortController();
      x.res.once('close', () => {
        if (!x.res.writableFinished) abort.abort();
      });
      const request = toWebRequest(x.req, c.site.origin, x.body, abort.signal);
      let response: Response;
      if (await isLegacyRequest(request, x.parsed, { maxRequestBodySize: cfg.limits.maxBodyBytes })) {
        response = await legacy(request, x, p);
      } else {
        const authInfo = authInfoOf(p, calledTool(x.parsed), x.toolsets);
        response = await modern.fetch(
          request,
          x.parsed !== undefined ? { authInfo, parsedBody: x.parsed } : { authInfo },
        );
      }
      done?.(response.status);
      await sendWebResponse(x.res, response, { 'x-content-type-options': 'nosniff', ...x.cors });
      log.debug('http request', {
        principal: p.id,
        method: x.method,
        status: response.status,
        ms: Math.round(performance.now() - x.started),
      });
    }
  }
}
