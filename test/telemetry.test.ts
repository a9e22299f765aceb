/**
 * OpenTelemetry over real HTTP (issue 18): an OTLP/HTTP receiver in the test, both encodings.
 * Spans of MCP requests, tool calls and Zammad requests arrive with the semantic-convention names
 * and attributes, nested; metrics arrive; and no exported byte holds an argument value, ticket
 * text or a secret.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { connect, KEYS, serve, textOf } from './http-helpers.js';

interface Received {
  path: string;
  type: string;
  body: Buffer;
}

let sb: Sandbox;
let receiver: Server;
let endpoint = '';
const received: Received[] = [];

beforeAll(async () => {
  sb = await startSandbox();
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        type: String(req.headers['content-type']),
        body: Buffer.concat(chunks),
      });
      res.statusCode = 200;
      res.setHeader('content-type', String(req.headers['content-type']));
      res.end(req.headers['content-type']?.includes('json') ? '{}' : '');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await sb?.close();
  await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
});

/** What the calls below put into arguments, and what they read: none of it may be exported. */
const NEEDLE = 'needle-7f3a-search-words';
const NOTE = 'Private note 9c1e: the customer password is hunter2';

interface OtlpSpan {
  name: string;
  kind: number;
  spanId: string;
  parentSpanId?: string;
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
}
const attr = (s: OtlpSpan, k: string): unknown => {
  const v = s.attributes.find((a) => a.key === k)?.value;
  return v ? Object.values(v)[0] : undefined;
};

async function exercise(
  protocol: 'http/json' | 'http/protobuf',
): Promise<{ secrets: string[]; texts: string[] }> {
  received.length = 0;
  const s = await serve(sb, {
    MCP_ALLOW_WRITE: 'true',
    // alice calls through her own Zammad client (a per-principal identity): its requests must be
    // child spans too, like those of the server's own client.
    MCP_ZAMMAD_TOKENS: `alice:${sb.credentials.admin.token}`,
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
    OTEL_SERVICE_NAME: 'zammad-mcp-test',
  });
  const texts: string[] = [];
  try {
    const c = await connect(s.url, { key: KEYS.alice });
    await c.client.listTools();
    const got = await c.client.callTool({ name: 'get_ticket', arguments: { ticket_id: 3 } });
    texts.push(textOf(got));
    await c.client.callTool({ name: 'search_tickets', arguments: { query: NEEDLE } });
    const note = await c.client.callTool({
      name: 'add_internal_note',
      arguments: { ticket_id: 3, body: NOTE },
    });
    expect(note.isError ?? false).toBe(false);
    const missing = await c.client.callTool({ name: 'get_ticket', arguments: { ticket_id: 987654 } });
    expect(missing.isError).toBe(true);
    const articles = await c.client.callTool({ name: 'list_ticket_articles', arguments: { ticket_id: 3 } });
    texts.push(textOf(articles));
    await c.client.close();
  } finally {
    await s.close(); // flushes spans and metrics
  }
  return { secrets: [KEYS.alice, sb.credentials.admin.token], texts };
}

describe.each(['http/json', 'http/protobuf'] as const)('telemetry over OTLP %s', (protocol) => {
  let exported: Received[] = [];
  let secrets: string[] = [];
  let texts: string[] = [];
  beforeAll(async () => {
    ({ secrets, texts } = await exercise(protocol));
    exported = [...received];
  });

  it('exports traces and metrics to the standard paths, in the chosen encoding', () => {
    const type = protocol === 'http/json' ? 'application/json' : 'application/x-protobuf';
    expect(exported.some((r) => r.path === '/v1/traces')).toBe(true);
    expect(exported.some((r) => r.path === '/v1/metrics')).toBe(true);
    for (const r of exported) expect(r.type).toContain(type);
    const all = Buffer.concat(exported.map((r) => r.body)).toString('latin1');
    for (const name of [
      'tools/call get_ticket',
      'execute_tool get_ticket',
      'mcp.method.name',
      'gen_ai.tool.name',
      'gen_ai.operation.name',
      'mcp.session.id',
      'zammad_mcp.principal',
      'key:alice',
      'zammad_mcp.outcome',
      'url.template',
      '/tickets/{id}',
      'mcp.server.operation.duration',
      'zammad_mcp.tool.calls',
      'zammad_mcp.tool.errors',
      'zammad_mcp.tool.duration',
      'zammad_mcp.zammad.requests',
      'zammad-mcp-test',
    ])
      expect(all, name).toContain(name);
  });

  it('never exports an argument value, ticket text or a secret (every byte scanned)', () => {
    const all = Buffer.concat(exported.map((r) => r.body));
    const forbidden = [
      NEEDLE,
      'hunter2',
      'Private note 9c1e',
      'Sync Connector stops after 1,000 records', // ticket 3's title, which get_ticket returned
      ...secrets,
    ];
    // And lines of what the tools returned (ticket text): any 24 characters of them.
    for (const t of texts)
      for (const line of t
        .split('\n')
        .filter((l) => l.trim().length >= 24 && !/untrusted|ticket_id|\(/.test(l)))
        forbidden.push(line.trim().slice(0, 24));
    expect(forbidden.length).toBeGreaterThan(8);
    for (const f of forbidden) {
      expect(all.includes(Buffer.from(f, 'utf8')), f).toBe(false);
      expect(all.includes(Buffer.from(f, 'latin1')), f).toBe(false);
    }
  });

  it.runIf(protocol === 'http/json')(
    'spans nest request → tool call → Zammad request, with the outcome',
    () => {
      const spans: OtlpSpan[] = exported
        .filter((r) => r.path === '/v1/traces')
        .flatMap((r) =>
          (
            JSON.parse(r.body.toString('utf8')) as {
              resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }>;
            }
          ).resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)),
        );
      const requests = spans.filter((s) => s.name === 'tools/call get_ticket');
      expect(requests).toHaveLength(2);
      for (const r of requests) {
        expect(r.kind).toBe(2); // SERVER
        expect(attr(r, 'mcp.method.name')).toBe('tools/call');
        expect(attr(r, 'gen_ai.tool.name')).toBe('get_ticket');
        expect(attr(r, 'gen_ai.operation.name')).toBe('execute_tool');
        expect(typeof attr(r, 'mcp.session.id')).toBe('string');
        expect(attr(r, 'jsonrpc.request.id')).toBeDefined();
      }
      const calls = spans.filter((s) => s.name === 'execute_tool get_ticket');
      expect(calls).toHaveLength(2);
      const ok = calls.find((c) => attr(c, 'zammad_mcp.outcome') === 'ok') as OtlpSpan;
      const failed = calls.find((c) => attr(c, 'zammad_mcp.outcome') === 'error') as OtlpSpan;
      expect(ok && failed).toBeTruthy();
      expect(attr(ok, 'zammad_mcp.risk')).toBe('read');
      expect(attr(ok, 'zammad_mcp.principal')).toBe('key:alice');
      expect(attr(failed, 'error.type')).toBe('tool_error');
      expect(requests.map((r) => r.spanId)).toContain(ok.parentSpanId);
      const failedRequest = requests.find((r) => r.spanId === failed.parentSpanId) as OtlpSpan;
      expect(attr(failedRequest, 'error.type')).toBe('tool_error');
      const upstream = spans.filter((s) => s.parentSpanId === ok.spanId);
      expect(upstream.length).toBeGreaterThan(0);
      expect(upstream.every((u) => u.kind === 3)).toBe(true); // CLIENT
      expect(upstream.some((u) => attr(u, 'url.template') === '/tickets/{id}')).toBe(true);
      expect(upstream.some((u) => Number(attr(u, 'http.response.status_code')) === 200)).toBe(true);
      const note = spans.find((s) => s.name === 'execute_tool add_internal_note') as OtlpSpan;
      expect(attr(note, 'zammad_mcp.risk')).toBe('write');
      expect(attr(note, 'zammad_mcp.outcome')).toBe('ok');
      expect(spans.some((s) => s.name === 'tools/list')).toBe(true);
    },
  );
});
