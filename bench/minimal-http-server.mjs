/* global fetch, Headers, Request, Buffer */
// The baseline of bench/http.ts: a bare SDK v2 Streamable HTTP server (createMcpHandler, both eras,
// no authentication, no guards) with one tool making the same upstream request as get_ticket:
// GET /api/v1/tickets/:id?all=true. Listens on PORT (default: any free port) and prints its URL.
import { createServer } from 'node:http';
import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';

const zammad = process.env.ZAMMAD_URL;
const auth = `Token token=${process.env.ZAMMAD_HTTP_TOKEN}`;

const handler = createMcpHandler(() => {
  const s = new McpServer({ name: 'minimal-http', version: '1.0.0' });
  s.registerTool(
    'get_ticket',
    { description: 'Get a ticket', inputSchema: z.object({ ticket_id: z.number() }) },
    async ({ ticket_id }) => {
      const r = await fetch(`${zammad}/api/v1/tickets/${ticket_id}?all=true`, {
        headers: { authorization: auth },
      });
      return { content: [{ type: 'text', text: await r.text() }] };
    },
  );
  return s;
});

const server = createServer(async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
  const method = req.method ?? 'GET';
  const request = new Request(`http://127.0.0.1${req.url}`, {
    method,
    headers,
    ...(method === 'POST' ? { body: Buffer.concat(chunks) } : {}),
  });
  if (req.url === '/healthz') return res.end('ok\n');
  const response = await handler.fetch(request);
  res.statusCode = response.status;
  response.headers.forEach((v, k) => res.setHeader(k, v));
  if (!response.body) return res.end();
  for await (const c of response.body) res.write(c);
  res.end();
});
server.keepAliveTimeout = 5_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () =>
  console.log(`http://127.0.0.1:${server.address().port}/mcp`),
);
