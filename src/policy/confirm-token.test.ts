import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.js';
import { ConfirmSealer } from './confirm-token.js';
import { Confirmations } from './confirmations.js';

const KEY = 'k'.repeat(32);

function clock(start = Date.UTC(2026, 0, 1)): { now: () => number; advance: (s: number) => void } {
  let t = start;
  return { now: () => t, advance: (s) => (t += s * 1000) };
}

/** Decodes a token's payload, applies `edit`, re-encodes it and keeps the original MAC. */
function editPayload(token: string, edit: (p: Record<string, unknown>) => void): string {
  const [prefix, payload, mac] = token.split('.') as [string, string, string];
  const p = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  edit(p);
  return `${prefix}.${Buffer.from(canonicalJson(p)).toString('base64url')}.${mac}`;
}

const enabled = (): boolean => true;

describe('confirmation tokens', () => {
  it('mint and redeem: the exact tool and canonical arguments come back, once', async () => {
    const c = new Confirmations({ keys: [KEY], ttlSeconds: 300 });
    const issued = c.issueToken('delete_ticket', { ticket_id: 7, reason: 'spam' }, 'local');
    expect(issued?.token).toMatch(/^zc1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    const r = await c.redeemToken(issued?.token ?? '', 'local', enabled);
    expect(r).toEqual({ ok: true, tool: 'delete_ticket', args: { reason: 'spam', ticket_id: 7 } });
  });

  it('binds the payload: {t, a, p, e, n} in canonical JSON', () => {
    const c = clock();
    const s = new ConfirmSealer(Buffer.from(KEY), c.now);
    const { wire, claims } = s.seal('token', {
      tool: 'x_y',
      args: { b: 1, a: [2] },
      principal: 'p',
      ttlSeconds: 300,
    });
    const payload = Buffer.from(wire.split('.')[1] ?? '', 'base64url').toString('utf8');
    expect(payload).toBe(
      `{"a":{"a":[2],"b":1},"e":${claims.expiresAt},"n":"${claims.nonce}","p":"p","t":"x_y"}`,
    );
    expect(claims.expiresAt).toBe(Math.floor(c.now() / 1000) + 300);
    expect(claims.nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('refuses a tampered argument, another tool and a forged MAC (MAC check)', async () => {
    const c = new Confirmations({ keys: [KEY], ttlSeconds: 300 });
    const t = c.issueToken('delete_ticket', { ticket_id: 101 }, 'local')?.token ?? '';
    const otherArg = editPayload(t, (p) => (p.a = { ticket_id: 102 }));
    const otherTool = editPayload(t, (p) => (p.t = 'merge_tickets'));
    const longerLife = editPayload(t, (p) => (p.e = Number(p.e) + 3600));
    const forged = `${t.slice(0, t.lastIndexOf('.'))}.${'A'.repeat(43)}`;
    for (const bad of [otherArg, otherTool, longerLife, forged])
      expect(await c.redeemToken(bad, 'local', enabled)).toEqual({ ok: false, reason: 'mac' });
    // None of them spent the real token.
    expect((await c.redeemToken(t, 'local', enabled)).ok).toBe(true);
  });

  it('refuses a token whose MAC is a non-canonical encoding of the right bytes', async () => {
    const c = new Confirmations({ keys: [KEY], ttlSeconds: 300 });
    const t = c.issueToken('delete_ticket', { ticket_id: 1 }, 'local')?.token ?? '';
    const last = t.at(-1) ?? 'A';
    // The last base64url character of a 32-byte MAC carries 2 unused bits: flip one of them.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twin = `${t.slice(0, -1)}${alphabet[alphabet.indexOf(last) ^ 1]}`;
    expect(Buffer.from(twin.split('.')[2] ?? '', 'base64url')).toEqual(
      Buffer.from(t.split('.')[2] ?? '', 'base64url'),
    );
    expect(await c.redeemToken(twin, 'local', enabled)).toEqual({ ok: false, reason: 'mac' });
  });

  it('refuses another principal, without spending the token', async () => {
    const c = new Confirmations({ keys: [KEY], ttlSeconds: 300 });
    const t = c.issueToken('delete_ticket', { ticket_id: 1 }, 'alice')?.token ?? '';
    expect(await c.redeemToken(t, 'bob', enabled)).toEqual({ ok: false, reason: 'principal' });
    expect((await c.redeemToken(t, 'alice', enabled)).ok).toBe(true);
  });

  it('expires after the TTL (injected clock), valid through the last second', async () => {
    const k = clock();
    const c = new Confirmations({ keys: [KEY], ttlSeconds: 300, now: k.now });
    const a = c.issueToken('delete_ticket', { ticket_id: 1 }, 'local')?.token ?? '';
    const b = c.issueToken('delete_ticket', { ticket_id: 1 }, 'local')?.token ?? '';
    k.advance(300);
    expect((await c.redeemToken(a, 'local', enabled)).ok).toBe(true);
    k.advance(1);
    expect(await c.redeemToken(b, 'local', enabled)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a replay', async () => {
    const c = new Confirmations({ keys: [KEY], ttlSeconds: 300 });
    const t = c.issueToken('delete_ticket', { ticket_id: 1 }, 'local')?.token ?? '';
    expect((await c.redeemToken(t, 'local', enabled)).ok).toBe(true);
    expect(await c.redeemToken(t, 'local', enabled)).toEqual({
      ok: false,
      reason: 'replayed',
      tool: 'delete_ticket',
    });
  });

  it('refuses a token for a tool that is no longer enabled, without spending it', async () => {
    const c = new Confirmations({ keys: [KEY], ttlSeconds: 300 });
    const t = c.issueToken('delete_ticket', { ticket_id: 1 }, 'local')?.token ?? '';
    expect(await c.redeemToken(t, 'local', () => false)).toEqual({
      ok: false,
      reason: 'disabled',
      tool: 'delete_ticket',
    });
    expect((await c.redeemToken(t, 'local', enabled)).ok).toBe(true);
  });

  it('refuses garbage with a format error, before any MAC work', async () => {
    const c = new Confirmations({ keys: [KEY], ttlSeconds: 300 });
    const t = c.issueToken('delete_ticket', { ticket_id: 1 }, 'local')?.token ?? '';
    const garbage = [
      '',
      'abc',
      'zc1.',
      'zc1..',
      'zc1.e30.',
      `9999:ab:${'0'.repeat(64)}`,
      `zc2.${t.slice(4)}`,
      `${t}.x`,
      t.replace('zc1.', 'zc1.$'),
      `zc1.${'A'.repeat(300_000)}.${'A'.repeat(43)}`,
    ];
    for (const g of garbage)
      expect(await c.redeemToken(g, 'local', enabled), g.slice(0, 40)).toEqual({
        ok: false,
        reason: 'format',
      });
  });

  it('a token of another key (another process, another server) does not verify', async () => {
    const a = new Confirmations({ ttlSeconds: 300 });
    const b = new Confirmations({ ttlSeconds: 300 });
    expect(a.keySource).toBe('random');
    const t = a.issueToken('delete_ticket', { ticket_id: 1 }, 'local')?.token ?? '';
    expect(await b.redeemToken(t, 'local', enabled)).toEqual({ ok: false, reason: 'mac' });
    // The same configured key on two instances (replicas) does verify.
    const c1 = new Confirmations({ keys: [KEY], ttlSeconds: 300 });
    const c2 = new Confirmations({ keys: [KEY], ttlSeconds: 300 });
    expect(c1.keySource).toBe('configured');
    const t2 = c1.issueToken('delete_ticket', { ticket_id: 1 }, 'local')?.token ?? '';
    expect((await c2.redeemToken(t2, 'local', enabled)).ok).toBe(true);
  });

  it('refuses a key shorter than 32 bytes', () => {
    expect(() => new ConfirmSealer(Buffer.from('short'))).toThrow(/at least 32 bytes/);
  });

  it('does not issue a token it could not redeem (arguments too large)', () => {
    const c = new Confirmations({ keys: [KEY], ttlSeconds: 300 });
    expect(c.issueToken('reply_to_customer', { body: 'x'.repeat(300_000) }, 'local')).toBeUndefined();
  });
});

describe('request state (2026-07-28 round trip)', () => {
  it('accepts the state only for the same tool, arguments and principal, once', async () => {
    const c = new Confirmations({ keys: [KEY], ttlSeconds: 300 });
    const s = c.issueState('delete_ticket', { ticket_id: 5, note: 'a' }, 'local');
    expect(s).toMatch(/^zs1\./);
    expect(await c.acceptState(s, 'delete_ticket', { ticket_id: 6, note: 'a' }, 'local')).toEqual({
      ok: false,
      reason: 'args',
    });
    expect(await c.acceptState(s, 'merge_tickets', { ticket_id: 5, note: 'a' }, 'local')).toEqual({
      ok: false,
      reason: 'tool',
    });
    expect(await c.acceptState(s, 'delete_ticket', { ticket_id: 5, note: 'a' }, 'mallory')).toEqual({
      ok: false,
      reason: 'principal',
    });
    // Key order does not matter; the refusals above did not spend it.
    expect(await c.acceptState(s, 'delete_ticket', { note: 'a', ticket_id: 5 }, 'local')).toEqual({
      ok: true,
    });
    expect(await c.acceptState(s, 'delete_ticket', { ticket_id: 5, note: 'a' }, 'local')).toEqual({
      ok: false,
      reason: 'replayed',
    });
  });

  it('expires after min(ttl, 600) seconds', async () => {
    const k = clock();
    const c = new Confirmations({ keys: [KEY], ttlSeconds: 3600, now: k.now });
    expect(c.stateTtlSeconds).toBe(600);
    const s = c.issueState('delete_ticket', { ticket_id: 5 }, 'local');
    k.advance(601);
    expect(await c.acceptState(s, 'delete_ticket', { ticket_id: 5 }, 'local')).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('a token is not a request state and a request state is not a token', async () => {
    const c = new Confirmations({ keys: [KEY], ttlSeconds: 300 });
    const token = c.issueToken('delete_ticket', { ticket_id: 5 }, 'local')?.token ?? '';
    const state = c.issueState('delete_ticket', { ticket_id: 5 }, 'local');
    expect(await c.acceptState(token, 'delete_ticket', { ticket_id: 5 }, 'local')).toEqual({
      ok: false,
      reason: 'format',
    });
    expect(await c.redeemToken(state, 'local', enabled)).toEqual({ ok: false, reason: 'format' });
    // Same payload under the other prefix: the subkeys differ, so the MAC fails.
    expect(await c.acceptState(`zs1.${token.slice(4)}`, 'delete_ticket', { ticket_id: 5 }, 'local')).toEqual({
      ok: false,
      reason: 'mac',
    });
    expect(await c.redeemToken(`zc1.${state.slice(4)}`, 'local', enabled)).toEqual({
      ok: false,
      reason: 'mac',
    });
  });

  it('refuses unsolicited or forged state', async () => {
    const c = new Confirmations({ keys: [KEY], ttlSeconds: 300 });
    for (const s of ['', 'state-1', `zs1.e30.${'A'.repeat(43)}`])
      expect((await c.acceptState(s, 'delete_ticket', {}, 'local')).ok).toBe(false);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined, keeps arrays in order', () => {
    expect(canonicalJson({ b: { d: 1, c: [3, { z: 1, y: undefined, x: 2 }] }, a: 'é' })).toBe(
      '{"a":"é","b":{"c":[3,{"x":2,"z":1}],"d":1}}',
    );
  });

  it('keeps a "__proto__" key as data and serializes dates', () => {
    const o = JSON.parse('{"__proto__":{"admin":true},"a":1}') as unknown;
    expect(canonicalJson(o)).toBe('{"__proto__":{"admin":true},"a":1}');
    expect(canonicalJson({ at: new Date(Date.UTC(2026, 0, 2)) })).toBe('{"at":"2026-01-02T00:00:00.000Z"}');
  });

  it('refuses what JSON cannot carry faithfully', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
    expect(() => canonicalJson(1n)).toThrow(TypeError);
  });
});
