/**
 * The one Redis connection of a process, shared by the confirmations' spent store and the quota
 * counters (src/policy/redis-spent-store.ts, src/policy/quota-redis.ts), through the maintained
 * `ioredis` client. ioredis is loaded with `import()` on the first command, never at start-up.
 *
 * Fail closed and fast: no offline queue past one connection attempt, no retry of a command, a
 * deadline on connecting and on each command. A connection that broke is forgotten; the next
 * command opens a new one. Failures are reworded into what they mean for an operator.
 */
import { isIP } from 'node:net';
import type { Redis as RedisClient } from 'ioredis';
import { parseRedisUrl, type RedisTarget } from '../config/redis-url.js';

/** Deadline of connecting (with TLS and set-up) and of each command, unless given. */
const DEFAULT_TIMEOUT_MS = 2000;

export interface RedisOptions {
  timeoutMs?: number;
}

/** What the stores need of Redis: one command, or one Lua script, answered or rejected. */
export class RedisConnection {
  private readonly target: RedisTarget;
  private client: Promise<RedisClient> | undefined;

  constructor(
    url: string,
    private readonly o: RedisOptions = {},
  ) {
    const t = parseRedisUrl(url);
    if (!t) throw new Error('The Redis URL is not a redis:// or rediss:// URL.');
    this.target = t;
  }

  private get timeoutMs(): number {
    return this.o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** One command; its reply as ioredis gives it. */
  async call(command: string, ...args: Array<string | number>): Promise<unknown> {
    const c = await this.connect();
    try {
      return await c.call(command, ...args);
    } catch (e) {
      throw this.meaning(e);
    }
  }

  /** A Lua script, run atomically by Redis (EVAL; Redis caches the compiled script). */
  async eval(
    script: string,
    keys: readonly string[],
    args: ReadonlyArray<string | number>,
  ): Promise<unknown> {
    const c = await this.connect();
    try {
      return await c.eval(script, keys.length, ...keys, ...args);
    } catch (e) {
      throw this.meaning(e);
    }
  }

  /** Closes the connection; a later command opens a new one. */
  async close(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (!c) return;
    const client = await c.catch(() => undefined);
    client?.disconnect(false);
  }

  private connect(): Promise<RedisClient> {
    if (this.client) return this.client;
    const t = this.target;
    const made = import('ioredis').then(async ({ Redis }) => {
      const client = new Redis({
        host: t.host,
        port: t.port,
        ...(t.tls ? { tls: isIP(t.host) ? {} : { servername: t.host } } : {}),
        lazyConnect: true,
        connectTimeout: this.timeoutMs,
        commandTimeout: this.timeoutMs,
        maxRetriesPerRequest: 0,
        enableOfflineQueue: false,
        retryStrategy: () => null,
        reconnectOnError: () => false,
        enableReadyCheck: false,
        // RESP2 and no CLIENT SETINFO: one command sent, one answer read, on any Redis version.
        protocol: 2,
        disableClientInfo: true,
      });
      // Errors are the commands' to report (the last one says why a connection closed); the client
      // must not throw them as an unhandled event.
      let lastError: unknown;
      client.on('error', (e: unknown) => (lastError = e));
      client.on('end', () => {
        if (this.client === made) this.client = undefined;
      });
      try {
        await client.connect();
        // AUTH and SELECT by hand: ioredis would go on without a password Redis does not ask for,
        // and a password that was configured but not needed is a mistake to report.
        if (t.password !== undefined)
          await (t.username ? client.call('AUTH', t.username, t.password) : client.call('AUTH', t.password));
        if (t.db !== 0) await client.call('SELECT', t.db);
      } catch (e) {
        client.disconnect(false);
        throw this.meaning(lastError !== undefined && /closed/i.test(String(e)) ? lastError : e, true);
      }
      return client;
    });
    this.client = made;
    made.catch(() => {
      if (this.client === made) this.client = undefined;
    });
    return made;
  }

  /** A failure said as what it means: late, refused at set-up, unreadable, or as Redis said it. */
  private meaning(e: unknown, connecting = false): Error {
    const msg = e instanceof Error ? e.message : String(e);
    const name = e instanceof Error ? e.name : '';
    if (/timed? ?out|ETIMEDOUT/i.test(msg)) return new Error('Redis did not answer in time', { cause: e });
    if (name === 'ParserError' || /protocol error|unknown resp type/i.test(msg))
      return new Error(`Redis sent an unreadable answer (${msg.slice(0, 80)})`, { cause: e });
    if (connecting && name === 'ReplyError')
      return new Error(`Redis refused the connection set-up: ${msg}`, { cause: e });
    if (/WRONGPASS|NOAUTH|AUTH/.test(msg))
      return new Error(`Redis refused the connection set-up: ${msg}`, { cause: e });
    return e instanceof Error ? e : new Error(msg);
  }
}
