/**
 * The spent store of several replicas: Redis, shared by all of them. A confirmation's nonce is
 * spent with one atomic `SET key 1 NX EX <seconds>`: the replica whose SET created the key runs
 * the action, every other one (or a replay) finds it taken. The key outlives the confirmation by a
 * margin for clock differences between replicas.
 *
 * A small RESP client over one connection (TCP, or TLS for `rediss://`), commands pipelined in
 * order, each with a timeout. Any failure rejects, and Confirmations then refuses the confirmation
 * (fail closed): a store it cannot ask proves nothing about single use.
 */
import { isIP, connect as netConnect, type Socket } from 'node:net';
import { parseRedisUrl, type RedisTarget } from '../config/redis-url.js';
import type { SpentStore } from './spent-store.js';

const KEY_PREFIX = 'zammad-mcp:spent:';
/** How far behind another replica's clock may run: a spent nonce is kept this much longer. */
const CLOCK_MARGIN_SECONDS = 300;
/** A larger bulk reply is not one of ours: refused instead of buffered. */
const MAX_BULK_BYTES = 64 * 1024;
/** Deadline of connecting (with TLS and set-up) and of each command, unless given. */
const DEFAULT_TIMEOUT_MS = 2000;

type Reply = string | number | null | Error | Reply[];

interface Pending {
  resolve(r: Reply): void;
  reject(e: Error): void;
}

export class RedisSpentStore implements SpentStore {
  private readonly target: RedisTarget;
  private socket: Socket | undefined;
  private ready: Promise<void> | undefined;
  private buffer: Buffer = Buffer.alloc(0);
  private readonly pending: Pending[] = [];

  constructor(
    url: string,
    private readonly o: { timeoutMs?: number; now?: () => number } = {},
  ) {
    const t = parseRedisUrl(url);
    if (!t) throw new Error('MCP_CONFIRMATION_STORE_URL is not a redis:// or rediss:// URL.');
    this.target = t;
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  async spend(nonce: string, expiresAt: number): Promise<boolean> {
    // A relative lifetime, not EXAT: by Redis's clock an absolute expiry computed from this
    // replica's clock may already be past, and Redis then answers OK without keeping the key. The
    // margin covers clocks of other replicas running behind this one.
    const left = Math.max(0, expiresAt - Math.floor(this.now() / 1000));
    const r = await this.command([
      'SET',
      KEY_PREFIX + nonce,
      '1',
      'NX',
      'EX',
      String(left + CLOCK_MARGIN_SECONDS),
    ]);
    if (r === 'OK') return true;
    if (r === null) return false;
    throw new Error('unexpected answer from Redis to SET NX');
  }

  close(): Promise<void> {
    this.drop(new Error('the spent store was closed'));
    return Promise.resolve();
  }

  private async command(args: string[]): Promise<Reply> {
    await this.connect();
    const r = await this.send(args);
    if (r instanceof Error) throw r;
    return r;
  }

  private connect(): Promise<void> {
    if (this.ready) return this.ready;
    const t = this.target;
    // node:tls is loaded only for rediss://, not at every start-up.
    const ready = (t.tls ? import('node:tls') : Promise.resolve(undefined)).then(
      (tls) =>
        new Promise<void>((resolve, reject) => {
          // Closed (or dropped) while node:tls loaded: do not open a connection nobody will close.
          if (this.ready !== ready) return reject(new Error('the spent store was closed'));
          const s = tls
            ? tls.connect({ host: t.host, port: t.port, ...(isIP(t.host) ? {} : { servername: t.host }) })
            : netConnect({ host: t.host, port: t.port });
          this.socket = s;
          s.setNoDelay(true);
          // Connecting, the TLS handshake and the set-up commands share one deadline.
          const deadline = setTimeout(
            () => fail(new Error('Redis did not accept the connection in time')),
            this.o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          );
          deadline.unref();
          // Events of a connection that was already replaced must not touch its successor.
          const fail = (e: Error): void => {
            clearTimeout(deadline);
            reject(e);
            if (this.socket === s) this.drop(e);
          };
          s.once(t.tls ? 'secureConnect' : 'connect', () => {
            const hello: Array<Promise<Reply>> = [];
            if (t.password !== undefined)
              hello.push(this.send(t.username ? ['AUTH', t.username, t.password] : ['AUTH', t.password]));
            if (t.db !== 0) hello.push(this.send(['SELECT', String(t.db)]));
            Promise.all(hello).then((rs) => {
              const err = rs.find((r) => r instanceof Error);
              clearTimeout(deadline);
              if (err instanceof Error)
                fail(new Error(`Redis refused the connection set-up: ${err.message}`));
              else resolve();
            }, fail);
          });
          s.on('data', (d: Buffer) => {
            if (this.socket === s) this.receive(d);
          });
          s.on('error', fail);
          s.on('close', () => fail(new Error('the connection to Redis closed')));
        }),
    );
    this.ready = ready;
    ready.catch(() => undefined);
    return ready;
  }

  private send(args: string[]): Promise<Reply> {
    const s = this.socket;
    if (!s || s.destroyed) return Promise.reject(new Error('not connected to Redis'));
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(
        () => this.drop(new Error('Redis did not answer in time')),
        this.o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      );
      timer.unref();
      this.pending.push({
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      let out = `*${args.length}\r\n`;
      for (const a of args) out += `$${Buffer.byteLength(a)}\r\n${a}\r\n`;
      s.write(out);
    });
  }

  /** Fails every waiting command and forgets the connection; the next command reconnects. */
  private drop(e: Error): void {
    const s = this.socket;
    this.socket = undefined;
    this.ready = undefined;
    this.buffer = Buffer.alloc(0);
    s?.destroy();
    for (const p of this.pending.splice(0)) p.reject(e);
  }

  private receive(d: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, d]) : d;
    for (;;) {
      let parsed: { value: Reply; end: number } | undefined;
      try {
        parsed = parseReply(this.buffer, 0);
      } catch (e) {
        return this.drop(e as Error);
      }
      if (!parsed) return;
      this.buffer = this.buffer.subarray(parsed.end);
      const p = this.pending.shift();
      if (!p) return this.drop(new Error('Redis sent an answer nobody asked for'));
      p.resolve(parsed.value);
    }
  }
}

/** One RESP2 reply starting at `at`, or undefined when the buffer does not hold all of it yet. */
function parseReply(b: Buffer, at: number): { value: Reply; end: number } | undefined {
  const eol = b.indexOf('\r\n', at);
  if (eol < 0) return undefined;
  const type = String.fromCharCode(b[at] ?? 0);
  const line = b.toString('utf8', at + 1, eol);
  const next = eol + 2;
  switch (type) {
    case '+':
      return { value: line, end: next };
    case '-':
      return { value: new Error(line), end: next };
    case ':':
      return { value: Number(line), end: next };
    case '$': {
      const n = Number(line);
      if (n === -1) return { value: null, end: next };
      if (!Number.isInteger(n) || n < 0 || n > MAX_BULK_BYTES)
        throw new Error(`Redis sent an unreadable answer (bulk length ${line.slice(0, 20)})`);
      if (b.length < next + n + 2) return undefined;
      return { value: b.toString('utf8', next, next + n), end: next + n + 2 };
    }
    case '*': {
      const n = Number(line);
      if (n === -1) return { value: null, end: next };
      if (!Number.isInteger(n) || n < 0 || n > 1024)
        throw new Error(`Redis sent an unreadable answer (array length ${line.slice(0, 20)})`);
      const items: Reply[] = [];
      let end = next;
      for (let i = 0; i < n; i++) {
        const r = parseReply(b, end);
        if (!r) return undefined;
        items.push(r.value);
        end = r.end;
      }
      return { value: items, end };
    }
    default:
      throw new Error(`Redis sent an unreadable answer (type ${JSON.stringify(type)})`);
  }
}
