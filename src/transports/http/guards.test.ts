import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { InFlight } from '../in-flight.js';
import { newExchange, type Exchange, type HttpContext } from './exchange.js';
import { draining, GUARDS, probes } from './guards.js';

function exchange(method: string, path: string, parsed?: unknown): Exchange {
  const req = { method, url: path, headers: {}, socket: { remoteAddress: '127.0.0.1' } };
  const x = newExchange(req as unknown as IncomingMessage, {} as ServerResponse);
  if (parsed !== undefined) x.parsed = parsed;
  return x;
}

/** Only what these guards read. */
function context(calls: InFlight, ready = true): { c: HttpContext; asked: () => number } {
  let asked = 0;
  const c = {
    calls,
    isReady: () => {
      asked++;
      return Promise.resolve(ready);
    },
  } as unknown as HttpContext;
  return { c, asked: () => asked };
}

const call = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'x' } };

describe('guards while shutting down', () => {
  it('refuse a new call or stream (503), and let through what calls in progress need', () => {
    const calls = new InFlight();
    const { c } = context(calls);
    expect(draining(exchange('POST', '/mcp', call), c)).toBeUndefined();
    void calls.drain(600_000);
    for (const x of [
      exchange('POST', '/mcp', call),
      exchange('POST', '/mcp', [call]),
      exchange('GET', '/mcp'),
    ])
      expect(draining(x, c)).toMatchObject({ kind: 'refuse', status: 503, headers: { connection: 'close' } });
    const answer = { jsonrpc: '2.0', id: 5, result: { action: 'accept' } };
    const cancel = { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1 } };
    for (const body of [answer, cancel, [answer, cancel]])
      expect(draining(exchange('POST', '/mcp', body), c)).toBeUndefined();
  });

  it('/readyz says not ready without asking Zammad; /healthz stays ok', async () => {
    const calls = new InFlight();
    const { c, asked } = context(calls);
    const ready = async (): Promise<number | undefined> => {
      const v = await probes(exchange('GET', '/readyz'), c);
      return v?.kind === 'answer' ? v.response.status : undefined;
    };
    expect(await ready()).toBe(200);
    expect(asked()).toBe(1);
    void calls.drain(600_000);
    expect(await ready()).toBe(503);
    expect(asked()).toBe(1);
    const health = await probes(exchange('GET', '/healthz'), c);
    expect(health?.kind === 'answer' && health.response.status).toBe(200);
  });

  it('the shutdown check comes after the body is parsed and before MCP', () => {
    const names = GUARDS.map((g) => g.name);
    expect(names.indexOf('draining')).toBeGreaterThan(names.indexOf('scope'));
    expect(names[0]).toBe('probes');
  });
});
