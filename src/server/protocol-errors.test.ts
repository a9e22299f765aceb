import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { silentLogger } from '../log.js';
import { createScope } from '../policy/scope.js';
import { ZammadClient } from '../zammad/client.js';
import { createServer } from './create.js';
import { describeIssues, fitError } from './protocol-errors.js';

const dump = (issues: unknown[]): string => JSON.stringify(issues, null, 2);
const err = (code: number, message: string): JSONRPCMessage => ({
  jsonrpc: '2.0',
  id: 7,
  error: { code, message },
});

describe('fitError', () => {
  it('turns the SDK’s -32603 with a raw dump of params issues into a one-line -32602', () => {
    const out = fitError(
      err(
        -32603,
        dump([
          {
            expected: 'string',
            code: 'invalid_type',
            path: ['params', 'protocolVersion'],
            message: 'Invalid input: expected string, received undefined',
          },
        ]),
      ),
    );
    expect(out).toEqual({
      jsonrpc: '2.0',
      id: 7,
      error: {
        code: -32602,
        message: 'Invalid params: params.protocolVersion: expected string, received undefined',
      },
    });
  });

  it('keeps the SDK’s prefix and -32602, and makes the dump one line', () => {
    const out = fitError(
      err(
        -32602,
        `Invalid tools/call request: ${dump([{ code: 'invalid_type', path: ['params', 'arguments'], message: 'Invalid input: expected record, received number' }])}`,
      ),
    );
    expect(out).toMatchObject({
      error: {
        code: -32602,
        message: 'Invalid tools/call request: params.arguments: expected record, received number',
      },
    });
  });

  it('sends every message as one bounded line: a client’s tool name may hold a newline', () => {
    const out = fitError(err(-32602, 'Tool get\nticket\u0000 not found'));
    expect(out).toMatchObject({ error: { code: -32602, message: 'Tool get\\u000aticket\\u0000 not found' } });
    const long = fitError(err(-32601, `Method ${'m'.repeat(2000)} not found`));
    expect(long).toMatchObject({ error: { code: -32601, message: expect.stringMatching(/^Method m+…$/) } });
    expect((long as { error: { message: string } }).error.message).toHaveLength(500);
  });

  it('leaves real internal faults, other codes and results alone', () => {
    const internal = err(
      -32603,
      'Internal error in get_ticket (ref abcd1234). The server log has the details.',
    );
    expect(fitError(internal)).toBe(internal);
    const result: JSONRPCMessage = { jsonrpc: '2.0', id: 1, result: {} };
    expect(fitError(result)).toBe(result);
    const notFound = err(-32601, 'Method not found');
    expect(fitError(notFound)).toBe(notFound);
    // A dump about something other than the request's params is not the client's mistake.
    const resultDump = err(-32603, dump([{ code: 'invalid_type', path: ['result', 'x'], message: 'bad' }]));
    expect(fitError(resultDump)).toMatchObject({
      error: { code: -32603, message: 'Internal error: result.x: bad' },
    });
  });
});

describe('describeIssues', () => {
  it('names at most three issues, digs into unions, and stays short', () => {
    const issues = Array.from({ length: 5 }, (_, i) => ({ path: ['params', `f${i}`], message: 'Required' }));
    expect(describeIssues(issues)).toBe(
      'params.f0: Required; params.f1: Required; params.f2: Required (and 2 more)',
    );
    const union = [
      {
        code: 'invalid_union',
        path: ['params'],
        message: 'Invalid input',
        errors: [
          [
            { path: ['a'], message: 'x' },
            { path: ['b'], message: 'y' },
          ],
          [{ path: ['_meta'], message: 'Invalid input: expected object, received number' }],
        ],
      },
    ];
    expect(describeIssues(union)).toBe('params._meta: expected object, received number');
    expect(describeIssues([{ path: ['p'], message: 'z'.repeat(1000) }])?.length).toBe(300);
    expect(describeIssues('not issues')).toBeUndefined();
  });
});

describe('a server built by createServer', () => {
  it('answers spec-method mistakes with -32602 and one line (not the SDK’s -32603 dump)', async () => {
    const r = loadConfig({ env: { ZAMMAD_URL: 'http://127.0.0.1:9', ZAMMAD_HTTP_TOKEN: 't' } });
    if (!r.ok) throw new Error(r.problems.join());
    const zammad = new ZammadClient(r.config.zammad);
    const server = createServer({
      config: r.config,
      zammad,
      scope: createScope(zammad, undefined),
      log: silentLogger,
      tools: [],
      principal: 't',
    });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await server.connect(a);
    const client = new Client({ name: 't', version: '1' });
    await client.connect(b);
    const answer = new Promise<JSONRPCMessage>((resolve) => {
      b.onmessage = (m) => resolve(m);
    });
    await b.send({ jsonrpc: '2.0', id: 99, method: 'tools/list', params: { cursor: 5 } } as JSONRPCMessage);
    expect(await answer).toEqual({
      jsonrpc: '2.0',
      id: 99,
      error: { code: -32602, message: 'Invalid params: params.cursor: expected string, received number' },
    });
    await server.close();
  });
});
