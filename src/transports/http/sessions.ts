/**
 * Sessions of 2025-revision clients (the 2026-07-28 revision has none). One MCP server and one
 * Streamable HTTP transport per session, bound to the principal that opened it. Clients rarely
 * send DELETE, so a sweep closes sessions idle longer than the limit — closing the transport and
 * the server, not only forgetting them — and each principal has a cap on open sessions.
 */
import { randomUUID } from 'node:crypto';
import { WebStandardStreamableHTTPServerTransport, type McpServer } from '@modelcontextprotocol/server';

export interface Session {
  readonly id: string;
  readonly principal: string;
  readonly transport: WebStandardStreamableHTTPServerTransport;
  readonly server: McpServer;
  lastSeen: number;
  /** HTTP exchanges in progress (a session is never evicted under a running call). */
  active: number;
}

export interface SessionLimits {
  idleMs: number;
  max: number;
  maxPerPrincipal: number;
  maxBodyBytes: number;
}

export type OpenResult =
  | {
      ok: true;
      transport: WebStandardStreamableHTTPServerTransport;
      server: McpServer;
      adopt: () => Session | undefined;
    }
  | { ok: false; reason: 'full' };

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly byPrincipal = new Map<string, Set<string>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly limits: SessionLimits,
    private readonly onEvict: (s: Session, why: 'idle' | 'cap' | 'shutdown') => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  /** Starts the idle sweep (every quarter of the idle limit, at most every 30 s). */
  start(): void {
    const every = Math.max(250, Math.min(30_000, Math.floor(this.limits.idleMs / 4)));
    this.timer = setInterval(() => void this.sweep(), every);
    this.timer.unref();
  }

  /** The session with this id, only for the principal that opened it. */
  get(id: string, principal: string): Session | undefined {
    const s = this.sessions.get(id);
    return s && s.principal === principal ? s : undefined;
  }

  /**
   * A transport for a new session (an `initialize` request). The session is kept only once the
   * transport has minted its id, i.e. the handshake succeeded: call `adopt()` after serving it.
   */
  async open(principal: string, server: McpServer): Promise<OpenResult> {
    if (this.sessions.size >= this.limits.max) {
      // Full: make room only from idle sessions; never close someone's working session.
      await this.sweep();
      if (this.sessions.size >= this.limits.max) {
        await server.close().catch(() => undefined);
        return { ok: false, reason: 'full' };
      }
    }
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      maxRequestBodySize: this.limits.maxBodyBytes,
      onsessionclosed: (id) => this.forget(id),
    });
    await server.connect(transport);
    const closed = transport.onclose;
    transport.onclose = () => {
      closed?.();
      if (transport.sessionId) this.forget(transport.sessionId);
    };
    const adopt = (): Session | undefined => {
      const id = transport.sessionId;
      if (!id) {
        void server.close().catch(() => undefined);
        return undefined;
      }
      const s: Session = { id, principal, transport, server, lastSeen: this.now(), active: 0 };
      this.sessions.set(id, s);
      let mine = this.byPrincipal.get(principal);
      if (!mine) this.byPrincipal.set(principal, (mine = new Set()));
      mine.add(id);
      this.enforcePrincipalCap(principal, id);
      return s;
    };
    return { ok: true, transport, server, adopt };
  }

  /** Marks an exchange on the session as started; the returned function ends it. */
  touch(s: Session): () => void {
    s.active++;
    s.lastSeen = this.now();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      s.active--;
      s.lastSeen = this.now();
    };
  }

  /** Closes every session idle longer than the limit. */
  async sweep(): Promise<number> {
    const cutoff = this.now() - this.limits.idleMs;
    const idle = [...this.sessions.values()].filter((s) => s.active === 0 && s.lastSeen <= cutoff);
    await Promise.all(idle.map((s) => this.close(s, 'idle')));
    return idle.length;
  }

  async closeAll(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await Promise.all([...this.sessions.values()].map((s) => this.close(s, 'shutdown')));
  }

  private enforcePrincipalCap(principal: string, keep: string): void {
    const mine = this.byPrincipal.get(principal);
    if (!mine || mine.size <= this.limits.maxPerPrincipal) return;
    // Only sessions without a running exchange: a call in progress is never cut off.
    const lru = [...mine]
      .map((id) => this.sessions.get(id))
      .filter((s): s is Session => s !== undefined && s.id !== keep && s.active === 0)
      .sort((a, b) => a.lastSeen - b.lastSeen);
    for (const s of lru.slice(0, mine.size - this.limits.maxPerPrincipal)) void this.close(s, 'cap');
  }

  private async close(s: Session, why: 'idle' | 'cap' | 'shutdown'): Promise<void> {
    if (!this.sessions.has(s.id)) return;
    this.forget(s.id);
    this.onEvict(s, why);
    // server.close() closes the transport too: open SSE streams end, pending requests are rejected.
    await s.server.close().catch(() => undefined);
    await s.transport.close().catch(() => undefined);
  }

  private forget(id: string): void {
    const s = this.sessions.get(id);
    if (!s) return;
    this.sessions.delete(id);
    const mine = this.byPrincipal.get(s.principal);
    mine?.delete(id);
    if (mine && mine.size === 0) this.byPrincipal.delete(s.principal);
  }
}
