import { Agent, request } from 'node:http';

/** 2025-era sessions opened and abandoned: initialize, initialized, tools/list; never DELETE. */
export async function openSessions(
  url: string,
  keys: string[],
  n: number,
  parallel: number,
): Promise<{ ok: number; refused: number }> {
  const u = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: parallel });
  const post = (key: string, body: string, sid?: string): Promise<{ status: number; sid?: string }> =>
    new Promise((resolve, reject) => {
      const q = request(
        {
          host: u.hostname,
          port: u.port,
          path: u.pathname,
          method: 'POST',
          agent,
          headers: {
            authorization: `Bearer ${key}`,
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            ...(sid ? { 'mcp-session-id': sid, 'mcp-protocol-version': '2025-11-25' } : {}),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            const s = res.headers['mcp-session-id'];
            resolve({ status: res.statusCode ?? 0, ...(typeof s === 'string' ? { sid: s } : {}) });
          });
        },
      );
      q.on('error', reject);
      q.end(body);
    });
  const init = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: {
      protocolVersion: '2025-11-25',
      capabilities: {},
      clientInfo: { name: 'abandoner', version: '1' },
    },
  });
  let next = 0;
  let ok = 0;
  let refused = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < n) {
        const i = next++;
        const key = keys[i % keys.length] as string;
        const r = await post(key, init);
        if (!r.sid) {
          refused++;
          continue;
        }
        await post(key, JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }), r.sid);
        await post(key, JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }), r.sid);
        ok++;
      }
    }),
  );
  agent.destroy();
  return { ok, refused };
}
