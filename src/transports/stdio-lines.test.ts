import { describe, expect, it } from 'vitest';
import { checkLine, LineGuard, type Refusal } from './stdio-lines.js';

/** Feeds `chunks` through a guard; returns the lines it passed on and the refusals it made. */
async function run(
  chunks: Array<string | Buffer>,
  max = 1024,
): Promise<{ passed: string[]; refused: Refusal[] }> {
  const refused: Refusal[] = [];
  const guard = new LineGuard(max, (r) => refused.push(r));
  const passed: string[] = [];
  guard.on('data', (d: Buffer) => passed.push(d.toString()));
  const ended = new Promise((r) => guard.on('end', r));
  for (const c of chunks) guard.write(c);
  guard.end();
  await ended;
  return { passed, refused };
}

const ping = (id: number): string => JSON.stringify({ jsonrpc: '2.0', id, method: 'ping' });

describe('checkLine', () => {
  it('passes JSON-RPC messages and skips blank lines', () => {
    expect(checkLine(ping(1))).toBeUndefined();
    expect(
      checkLine(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })),
    ).toBeUndefined();
    expect(checkLine('   ')).toBe('skip');
  });

  it('answers a line that is not JSON with -32700 and no id', () => {
    expect(checkLine('{"jsonrpc":"2.0","id":1,')).toEqual({
      reason: 'not_json',
      reply: {
        jsonrpc: '2.0',
        error: {
          code: -32700,
          message: 'Parse error: the line is not JSON. Send one JSON-RPC message per line.',
        },
      },
    });
  });

  it('answers a request with bad params with -32600 and its id, saying what was wrong', () => {
    const r = checkLine(JSON.stringify({ jsonrpc: '2.0', id: 'a1', method: 'ping', params: { _meta: 5 } }));
    expect(r).toEqual({
      reason: 'not_a_message',
      reply: {
        jsonrpc: '2.0',
        id: 'a1',
        error: { code: -32600, message: 'Invalid request: params._meta: expected object, received number' },
      },
    });
  });

  it('refuses batches, non-objects and bad ids; ignores a malformed response', () => {
    expect(checkLine(`[${ping(1)}]`)).toMatchObject({ reason: 'batch', reply: { error: { code: -32600 } } });
    expect(checkLine('42')).toMatchObject({ reason: 'not_a_message', reply: { error: { code: -32600 } } });
    const badId = checkLine(JSON.stringify({ jsonrpc: '2.0', id: 1.5, method: 'ping' }));
    expect(badId).toMatchObject({
      reply: { error: { message: 'Invalid request: id: a string or a whole number' } },
    });
    expect(badId !== 'skip' && badId?.reply).not.toHaveProperty('id');
    expect(checkLine(JSON.stringify({ jsonrpc: '2.0', id: 3, result: 5 }))).toBe('skip');
  });
});

describe('LineGuard', () => {
  it('passes good lines one by one, split across chunks and with CRLF', async () => {
    const a = ping(1);
    const b = ping(2);
    const r = await run([a.slice(0, 5), `${a.slice(5)}\r\n${b}`, '\n']);
    expect(r.passed).toEqual([`${a}\n`, `${b}\n`]);
    expect(r.refused).toEqual([]);
  });

  it('drops a line over the limit without buffering it, answers once, and goes on', async () => {
    const big = 'x'.repeat(3000);
    const r = await run([`{"a":"${big.slice(0, 1500)}`, `${big.slice(1500)}"}\n${ping(3)}\n`]);
    expect(r.refused.map((x) => x.reason)).toEqual(['too_large']);
    expect(r.refused[0]?.reply).toMatchObject({
      error: { code: -32600, message: expect.stringMatching(/1024 bytes/) },
    });
    expect(r.passed).toEqual([`${ping(3)}\n`]);
  });

  it('answers garbage between good lines and keeps the good ones', async () => {
    const r = await run([`${ping(1)}\nnot json\n${ping(2)}\n[1]\n`]);
    expect(r.passed).toEqual([`${ping(1)}\n`, `${ping(2)}\n`]);
    expect(r.refused.map((x) => x.reason)).toEqual(['not_json', 'batch']);
  });
});
