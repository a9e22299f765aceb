import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { Confirmations } from './confirmations.js';
import { RedisSpentStore } from './redis-spent-store.js';
import { parseRedisUrl } from '../config/redis-url.js';

// .ci/run makes sure a Redis answers here; database 15 keeps the tests apart from other users.
const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/15';
const KEY_OLD = 'o'.repeat(40);
const KEY_NEW = 'n'.repeat(40);
const nonce = (): string => `test:${Math.random().toString(36).slice(2)}`;
const soon = (): number => Math.floor(Date.now() / 1000) + 60;

const stores: RedisSpentStore[] = [];
const store = (url = REDIS, o: { timeoutMs?: number; now?: () => number } = {}): RedisSpentStore => {
  const s = new RedisSpentStore(url, o);
  stores.push(s);
  return s;
};
afterAll(async () => {
  for (const s of stores) await s.close();
});

describe('Redis URL', () => {
  it('reads host, port, database, user and password; refuses anything else', () => {
    expect(parseRedisUrl('redis://127.0.0.1')).toEqual({ tls: false, host: '127.0.0.1', port: 6379, db: 0 });
    expect(parseRedisUrl('rediss://app:p%40ss@cache.example:6380/2')).toEqual({
      tls: true,
      host: 'cache.example',
      port: 6380,
      db: 2,
      username: 'app',
      password: 'p@ss',
    });
    expect(parseRedisUrl('redis://:secret@[::1]:7000')).toMatchObject({ host: '::1', password: 'secret' });
    for (const bad of [
      'http://x',
      'redis://',
      'redis://h/abc',
      'redis://h/1?x=1',
      'not a url',
      'redis://user@h',
      'redis://:%zz@h',
    ])
      expect(parseRedisUrl(bad), bad).toBeUndefined();
  });
});

describe('Redis spent store', () => {
  it('spends a nonce once, across connections (replicas)', async () => {
    const a = store();
    const b = store();
    const n = nonce();
    expect(await a.spend(n, soon())).toBe(true);
    expect(await b.spend(n, soon())).toBe(false);
    expect(await a.spend(n, soon())).toBe(false);
    // Concurrent spends of one nonce: exactly one wins.
    const m = nonce();
    const wins = await Promise.all([a.spend(m, soon()), b.spend(m, soon()), a.spend(m, soon())]);
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it('keeps a nonce spent past its expiry, even when this replica’s clock runs behind Redis’s', async () => {
    // This replica's clock is 10 s behind: by Redis's clock the confirmation expired already.
    const behind = store(REDIS, { now: () => Date.now() - 10_000 });
    const n = nonce();
    expect(await behind.spend(n, Math.floor((Date.now() - 10_000) / 1000) + 1)).toBe(true);
    // Another replica (or the same) must still find it spent.
    expect(await store().spend(n, soon())).toBe(false);
    const db = /\/(\d+)$/.exec(REDIS)?.[1] ?? '0';
    const ttl = Number(
      execFileSync(
        'redis-cli',
        ['-u', REDIS.replace(/\/\d+$/, ''), '-n', db, 'TTL', `zammad-mcp:spent:${n}`],
        {
          encoding: 'utf8',
        },
      ).trim(),
    );
    // The margin for clock differences (300 s), plus what was left of the lifetime by this clock.
    expect(ttl).toBeGreaterThan(290);
    expect(ttl).toBeLessThanOrEqual(302);
  });

  it('fails (never answers true) when Redis is unreachable, slow, unreadable or refuses the set-up', async () => {
    await expect(store('redis://127.0.0.1:1').spend(nonce(), soon())).rejects.toThrow();
    // A password on a Redis without one: AUTH is refused.
    await expect(store(REDIS.replace('redis://', 'redis://:wrong@')).spend(nonce(), soon())).rejects.toThrow(
      /set-up/,
    );
    const sockets: Socket[] = [];
    const fake = (answer?: string): Promise<Server> =>
      new Promise((resolve) => {
        const srv = createServer((sock) => {
          sockets.push(sock);
          sock.on('data', () => {
            if (answer !== undefined) sock.write(answer);
          });
        });
        srv.listen(0, '127.0.0.1', () => resolve(srv));
      });
    const silent = await fake();
    const port = (s: Server): number => (s.address() as { port: number }).port;
    // A server that never answers: the command's deadline applies (the message says so).
    await expect(
      store(`redis://127.0.0.1:${port(silent)}`, { timeoutMs: 300 }).spend(nonce(), soon()),
    ).rejects.toThrow(/in time/);
    const garbage = await fake('?what\r\n');
    await expect(store(`redis://127.0.0.1:${port(garbage)}`).spend(nonce(), soon())).rejects.toThrow(
      /unreadable/,
    );
    // Lengths no answer of ours has: ioredis's parser waits for the bytes announced (it allocates
    // none up front) until the command's deadline, or reads a negative length as nil. Either way
    // the nonce is never reported as freshly spent.
    for (const hostile of ['$1000000000\r\n', '$-7\r\n', '*99999999\r\n']) {
      const h = await fake(hostile);
      const answer = await store(`redis://127.0.0.1:${port(h)}`, { timeoutMs: 300 })
        .spend(nonce(), soon())
        .then(
          (v) => v,
          (e: Error) => e.message,
        );
      expect(answer, hostile).not.toBe(true);
      if (answer !== false) expect(answer, hostile).toMatch(/unreadable|in time|unexpected/);
      h.close();
    }
    // TLS to a server that never answers the handshake: the connection deadline applies.
    await expect(
      store(`rediss://127.0.0.1:${port(silent)}`, { timeoutMs: 300 }).spend(nonce(), soon()),
    ).rejects.toThrow(/in time/);
    const wrong = await fake(':1\r\n');
    await expect(store(`redis://127.0.0.1:${port(wrong)}`).spend(nonce(), soon())).rejects.toThrow(
      /unexpected/,
    );
    for (const s of sockets) s.destroy();
    for (const s of [silent, garbage, wrong]) s.close();
  });

  it('rediss:// verifies the certificate: a self-signed Redis is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zmcp-rediss-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        'k.pem',
        '-out',
        'c.pem',
      ],
      { cwd: dir, stdio: 'ignore' },
    );
    let answered = 0;
    const srv = createTlsServer(
      { key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) },
      (sock) => sock.on('data', () => void (answered++, sock.write('+OK\r\n'))),
    );
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as { port: number }).port;
    await expect(store(`rediss://127.0.0.1:${port}`).spend(nonce(), soon())).rejects.toThrow(
      /self.signed|certificate/i,
    );
    expect(answered).toBe(0);
    srv.close();
  });

  it('reconnects after the connection broke', async () => {
    const s = store();
    expect(await s.spend(nonce(), soon())).toBe(true);
    await s.close();
    expect(await s.spend(nonce(), soon())).toBe(true);
  });
});

describe('confirmations across replicas', () => {
  const replica = (keys: string[], spent = store()): Confirmations =>
    new Confirmations({ keys, ttlSeconds: 300, spent });

  it('a token issued by one replica is redeemed once, on any replica', async () => {
    const a = replica([KEY_OLD]);
    const b = replica([KEY_OLD]);
    const t = a.issueToken('delete_ticket', { ticket_id: 7 }, 'key:alice');
    if (!t) throw new Error('no token');
    expect(await b.redeemToken(t.token, 'key:alice', () => true)).toEqual({
      ok: true,
      tool: 'delete_ticket',
      args: { ticket_id: 7 },
    });
    expect(await a.redeemToken(t.token, 'key:alice', () => true)).toMatchObject({
      ok: false,
      reason: 'replayed',
    });
    const state = a.issueState('delete_ticket', { ticket_id: 7 }, 'key:alice');
    expect(await b.acceptState(state, 'delete_ticket', { ticket_id: 7 }, 'key:alice')).toEqual({ ok: true });
    expect(await a.acceptState(state, 'delete_ticket', { ticket_id: 7 }, 'key:alice')).toEqual({
      ok: false,
      reason: 'replayed',
    });
  });

  it('rotation: the first key signs, every key verifies; a dropped key is refused', async () => {
    const old = replica([KEY_OLD]);
    const rotated = replica([KEY_NEW, KEY_OLD]);
    const next = replica([KEY_NEW]);
    const fromOld = old.issueToken('delete_ticket', { ticket_id: 1 }, 'p');
    const fromRotated = rotated.issueToken('delete_ticket', { ticket_id: 2 }, 'p');
    if (!fromOld || !fromRotated) throw new Error('no token');
    expect(await rotated.redeemToken(fromOld.token, 'p', () => true)).toMatchObject({ ok: true });
    expect(await next.redeemToken(fromRotated.token, 'p', () => true)).toMatchObject({ ok: true });
    const fromOld2 = old.issueToken('delete_ticket', { ticket_id: 3 }, 'p');
    if (!fromOld2) throw new Error('no token');
    expect(await next.redeemToken(fromOld2.token, 'p', () => true)).toMatchObject({
      ok: false,
      reason: 'mac',
    });
  });

  it('an unreachable store refuses the confirmation (fail closed)', async () => {
    const c = replica([KEY_OLD], store('redis://127.0.0.1:1'));
    const t = c.issueToken('delete_ticket', { ticket_id: 7 }, 'p');
    if (!t) throw new Error('no token');
    expect(await c.redeemToken(t.token, 'p', () => true)).toMatchObject({ ok: false, reason: 'unavailable' });
    const s = c.issueState('delete_ticket', { ticket_id: 7 }, 'p');
    expect(await c.acceptState(s, 'delete_ticket', { ticket_id: 7 }, 'p')).toEqual({
      ok: false,
      reason: 'unavailable',
    });
  });
});
