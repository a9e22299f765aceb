/**
 * What the guards share: the server-wide state (`HttpContext`, built once) and one request in
 * progress (`Exchange`, filled in guard by guard), and what a guard may decide (`Verdict`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from '../../auth/authenticate.js';
import type { Identities } from '../../auth/identity.js';
import type { Principal } from '../../auth/principal.js';
import type { HttpConfig } from '../../config/index.js';
import type { Logger } from '../../log.js';
import type { InFlight } from '../in-flight.js';
import type { ToolRisks } from '../../policy/principals.js';
import type { Toolset } from '../../policy/risk.js';
import type { HostAllowlist, OriginPolicy } from './host-origin.js';
import type { IpList } from './ip.js';
import type { ConcurrencyLimiter, RateLimiter } from './limits.js';
import type { Governance } from '../../policy/governance.js';

/** Where the server is reached; known once it listens (the port may be ephemeral). */
export interface Site {
  /** e.g. `http://127.0.0.1:8080`: the origin of web requests made from node requests. */
  origin: string;
  /** The resource identifier (MCP_PUBLIC_URL or the bind address's `/mcp`). */
  resourceUrl: string;
  /** The protected-resource metadata document's URL, and its path here. */
  prmUrl: string;
  prmPath: string;
  hosts: HostAllowlist;
  origins: OriginPolicy;
}

export interface HttpContext {
  cfg: HttpConfig;
  log: Logger;
  site: Site;
  sourceIps: IpList | undefined;
  proxies: IpList;
  auth: Authenticator;
  /** Wrong credentials per source address. */
  authFailures: RateLimiter;
  rate: RateLimiter;
  inFlight: ConcurrencyLimiter;
  identities: Identities;
  /** Calls in progress, for a graceful shutdown (draining: new calls are refused). */
  calls: InFlight;
  /** The enabled tools' risks, for the per-principal check of a request body. */
  toolRisks: ToolRisks;
  /** The toolset of each enabled tool, for the X-MCP-Toolsets check of a request body. */
  toolsetOf: ReadonlyMap<string, Toolset>;
  /** MCP_POLICY_FILE in force, when configured. */
  governance?: Governance;
  /** Is Zammad reachable with the server's credential (cached briefly)? */
  isReady(): Promise<boolean>;
}

/** One HTTP request on its way through the guards. */
export interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The path without the query. */
  readonly path: string;
  readonly method: string;
  /** The socket peer. */
  readonly peer: string;
  readonly started: number;
  /** The client's address (the peer, or from X-Forwarded-For of a trusted proxy). */
  ip: string;
  /** The browser Origin, when the request has one. */
  requestOrigin: string | undefined;
  /** CORS answer headers, for a configured origin. */
  cors: Record<string, string>;
  /** The body of a POST, read within the limit. */
  body?: Buffer;
  /** The body as JSON; undefined when empty or not JSON (the MCP handler answers that). */
  parsed?: unknown;
  principal?: Principal;
  /** The toolsets an X-MCP-Toolsets header narrows this request (or the session it opens) to. */
  toolsets?: ReadonlySet<Toolset>;
  /** Ends what a guard started (a request in progress, a session exchange). */
  cleanups: Array<() => void>;
  /** Ends this exchange's part in the calls a shutdown waits for (a long-lived stream ends it early). */
  endCall: () => void;
}

/** A refusal: the status, a message for the client, the reason for the log. */
export interface Refusal {
  kind: 'refuse';
  status: number;
  message: string;
  reason: string;
  headers?: Record<string, string>;
  /** The client may still be sending a body nobody will read (413): see ./body.ts. */
  unreadBody?: true;
}

/**
 * What a guard decided, when it decided something: refuse, answer (probes, preflight, metadata),
 * or drop (the client went away: nothing to send). No verdict lets the request go on.
 */
export type Verdict =
  Refusal | { kind: 'answer'; response: Response; headers?: Record<string, string> } | { kind: 'drop' };

export type Guard = (x: Exchange, c: HttpContext) => Verdict | undefined | Promise<Verdict | undefined>;

export function refuse(
  status: number,
  message: string,
  reason: string,
  headers?: Record<string, string>,
): Refusal {
  return { kind: 'refuse', status, message, reason, ...(headers ? { headers } : {}) };
}

export function newExchange(req: IncomingMessage, res: ServerResponse): Exchange {
  const peer = req.socket.remoteAddress ?? '';
  return {
    req,
    res,
    path: (req.url ?? '/').split('?')[0] ?? '/',
    method: req.method ?? 'GET',
    peer,
    started: performance.now(),
    ip: peer,
    requestOrigin: typeof req.headers.origin === 'string' ? req.headers.origin : undefined,
    cors: {},
    cleanups: [],
    endCall: () => undefined,
  };
}
