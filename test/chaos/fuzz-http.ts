/**
 * JSON-RPC fuzzing of a spawned `zammad-mcp http` with raw requests: the same generated cases as
 * over stdio, sent in a 2025-era session, as 2026-07-28 requests (envelope and headers), and bare;
 * with hostile headers now and then; and a batch with no or wrong credentials, during which
 * nothing may reach Zammad. Every request must get an HTTP answer within the bound, never a 500,
 * and every JSON-RPC answer in it is judged like the stdio ones.
 */
import type { Sandbox } from '@zammad-mcp/sandbox';
import fc from 'fast-check';
import { Agent, request } from 'node:http';
import { generateKey, keyLine } from '../../src/auth/api-keys.js';
import { emptyFigures, judge, tally, type FuzzFigures } from './fuzz.js';
import { cases, type Case } from './messages.js';
import { ANSWER_BOUND_MS, HttpPeer, type Answer } from './peer.js';

export interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

/** One request; 'hang' when no complete answer came within the bound. */
export function send(
  url: string,
  body: string | undefined,
  headers: Record<string, string>,
  method = 'POST',
  boundMs = ANSWER_BOUND_MS,
): Promise<HttpReply | 'hang' | Error> {
  const u = new URL(url);
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: HttpReply | 'hang' | Error): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(r);
    };
    const req = request(
      { host: u.hostname, port: u.port, path: u.pathname, method, headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          finish({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', (e) => finish(e));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      finish('hang');
    }, boundMs);
    req.on('error', (e) => finish(e));
    req.end(body);
  });
}

/** The JSON-RPC messages in a reply: a JSON body, or the `data:` lines of an event stream. */
export function messagesOf(r: HttpReply): Answer[] | 'not-json' {
  const type = String(r.headers['content-type'] ?? '');
  const texts = type.includes('text/event-stream')
    ? r.body
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trim())
    : r.body.trim() === ''
      ? []
      : [r.body];
  const out: Answer[] = [];
  for (const t of texts) {
    try {
      const v = JSON.parse(t) as unknown;
      for (const m of Array.isArray(v) ? v : [v]) out.push(m as Answer);
    } catch {
      return 'not-json';
    }
  }
  return out;
}

const MODERN = '2026-07-28';
const headerSafe = (v: unknown): v is string =>
  typeof v === 'string' && v.length < 500 && /^[\x20-\x7e]*$/.test(v);

/** The case as a 2026-07-28 request: the envelope in params._meta, the standard headers. */
function modern(c: Case): { body: string; headers: Record<string, string> } {
  let v: unknown;
  try {
    v = JSON.parse(c.line);
  } catch {
    return { body: c.line, headers: { 'mcp-protocol-version': MODERN } };
  }
  const headers: Record<string, string> = { 'mcp-protocol-version': MODERN };
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const m = v as Record<string, unknown>;
    const params =
      m.params && typeof m.params === 'object' && !Array.isArray(m.params)
        ? (m.params as Record<string, unknown>)
        : undefined;
    if (params) {
      const meta =
        params._meta && typeof params._meta === 'object' ? (params._meta as Record<string, unknown>) : {};
      params._meta = {
        'io.modelcontextprotocol/protocolVersion': MODERN,
        'io.modelcontextprotocol/clientInfo': { name: 'fuzz', version: '1' },
        'io.modelcontextprotocol/clientCapabilities': {},
        ...meta,
      };
      const name = m.method === 'resources/read' ? params.uri : params.name;
      if (headerSafe(name)) headers['mcp-name'] = name;
    }
    if (headerSafe(m.method)) headers['mcp-method'] = m.method;
  }
  try {
    return { body: JSON.stringify(v), headers };
  } catch {
    return { body: c.line, headers }; // too deep to re-serialize here: sent as generated
  }
}

/** Now and then a hostile header: wrong types, an odd Accept, a foreign Origin or Host, a bad session. */
const oddHeaders = fc.oneof(
  { weight: 10, arbitrary: fc.constant({}) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Record<string, string>>(
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/json; charset=latin1' },
      { accept: 'text/html' },
      { accept: '' },
      { origin: 'https://evil.example' },
      { host: 'evil.example' },
      { 'mcp-session-id': 'not-a-session' },
      { 'mcp-protocol-version': '1999-01-01' },
      { 'content-encoding': 'gzip' },
    ),
  },
);

export interface HttpFuzzOptions {
  sb: Sandbox;
  seed: number;
  count: number;
  /** How many of `count` go without (or with a wrong) credential. */
  unauthenticated?: number;
  env?: Record<string, string>;
  concurrency?: number;
  /** Cases sent before each liveness ping (default 500). */
  batch?: number;
}

export interface HttpFuzzFigures extends FuzzFigures {
  /** 5xx answers other than 503 (a 500 is a fault the client could trigger). */
  serverErrors: number;
  /** Requests made by the server to Zammad while only unauthenticated requests came in. */
  unauthenticatedUpstream: number;
  statuses: Record<string, number>;
}

export async function fuzzHttp(o: HttpFuzzOptions): Promise<HttpFuzzFigures> {
  const f: HttpFuzzFigures = {
    ...emptyFigures('http', o.seed),
    serverErrors: 0,
    unauthenticatedUpstream: 0,
    statuses: {},
  };
  const t0 = performance.now();
  const key = generateKey();
  const peer = new HttpPeer({
    ZAMMAD_URL: o.sb.url,
    ZAMMAD_HTTP_TOKEN: o.sb.credentials.admin.token,
    MCP_API_KEYS: keyLine('fuzz', key),
    MCP_RATE_LIMIT_PER_MINUTE: '0',
    MCP_AUTH_FAILURES_PER_MINUTE: '0',
    MCP_LOG_LEVEL: 'info',
    ...o.env,
  });
  try {
    const url = await peer.ready();
    const base = {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: `Bearer ${key}`,
    };
    // One 2025-era session for the cases sent in a session.
    const init = await send(
      url,
      JSON.stringify({
        jsonrpc: '2.0',
        id: 'init',
        method: 'initialize',
        params: {
          protocolVersion: '2025-11-25',
          capabilities: {},
          clientInfo: { name: 'fuzz', version: '1' },
        },
      }),
      base,
    );
    if (init === 'hang' || init instanceof Error || init.status !== 200)
      throw new Error(
        `initialize over HTTP failed: ${String(init instanceof Error ? init.message : init === 'hang' ? init : init.status)}`,
      );
    const sid = String(init.headers['mcp-session-id'] ?? '');
    await send(url, JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }), {
      ...base,
      'mcp-session-id': sid,
      'mcp-protocol-version': '2025-11-25',
    });

    const unauth = o.unauthenticated ?? Math.floor(o.count / 10);
    const all = cases(o.seed, o.count);
    const modes = fc.sample(fc.tuple(fc.constantFrom('session', 'modern', 'bare'), oddHeaders), {
      seed: o.seed + 1,
      numRuns: o.count,
    });
    const record = (c: Case, i: number, r: HttpReply | 'hang' | Error): void => {
      if (r === 'hang') return tally(f, c, i, 'hang');
      if (r instanceof Error) {
        f.problems.push(`#${i} connection error ${r.message}: ${c.line.slice(0, 160)}`);
        return;
      }
      f.statuses[r.status] = (f.statuses[r.status] ?? 0) + 1;
      if (r.status >= 500 && r.status !== 503) {
        f.serverErrors += 1;
        f.problems.push(`#${i} HTTP ${r.status} ${r.body.slice(0, 160)} ← ${c.line.slice(0, 160)}`);
      }
      const msgs = messagesOf(r);
      if (msgs === 'not-json') {
        if (String(r.headers['content-type'] ?? '').includes('json') || r.status === 200) {
          f.nonJsonLines += 1;
          f.problems.push(`#${i} a body that is not JSON-RPC: ${r.body.slice(0, 160)}`);
        }
        return;
      }
      for (const m of msgs) {
        if (m.jsonrpc !== '2.0') continue;
        f.answered += 1;
        if (m.error?.code === -32603) f.internalErrors += 1;
        const p = judge(c, m);
        if (p.some((x) => x.includes('dump'))) f.dumps += 1;
        for (const x of p) f.problems.push(`#${i} ${x} ← ${c.line.slice(0, 160)}`);
      }
    };

    const alive = async (label: string): Promise<void> => {
      const r = await send(url, JSON.stringify({ jsonrpc: '2.0', id: `alive-${label}`, method: 'ping' }), {
        ...base,
        'mcp-session-id': sid,
        'mcp-protocol-version': '2025-11-25',
      });
      if (r === 'hang' || r instanceof Error || r.status !== 200) {
        f.deadBatches += 1;
        f.problems.push(`no answer to the ping after ${label}`);
      }
    };

    // Authenticated cases in batches, a few in flight at a time, the server pinged after each batch.
    const authed = all.slice(unauth);
    const batch = o.batch ?? 500;
    for (let at = 0; at < authed.length && peer.alive; at += batch) {
      await sendBatch(at, Math.min(authed.length, at + batch));
      await alive(`cases ${unauth + at}..${unauth + Math.min(authed.length, at + batch) - 1}`);
    }
    async function sendBatch(from: number, to: number): Promise<void> {
      let next = from;
      await Promise.all(
        Array.from({ length: o.concurrency ?? 4 }, async () => {
          while (next < to && peer.alive) {
            const i = next++;
            const c = authed[i] as Case;
            const [mode, odd] = modes[i] ?? ['bare', {}];
            f.cases += 1;
            if (c.expect !== undefined) f.due += 1;
            let body = c.line;
            let headers: Record<string, string> = { ...base };
            if (mode === 'session')
              headers = { ...headers, 'mcp-session-id': sid, 'mcp-protocol-version': '2025-11-25' };
            if (mode === 'modern') {
              const m = modern(c);
              body = m.body;
              headers = { ...headers, ...m.headers };
            }
            record(c, unauth + i, await send(url, body, { ...headers, ...odd }));
          }
        }),
      );
    }

    // Unauthenticated cases: none of them may make the server talk to Zammad.
    const mark = o.sb.log.mark();
    for (const [i, c] of all.slice(0, unauth).entries()) {
      if (!peer.alive) break;
      f.cases += 1;
      const who =
        i % 3 === 0
          ? {}
          : i % 3 === 1
            ? { authorization: 'Bearer wrong-key' }
            : { 'x-api-key': key.slice(0, -1) };
      const r = await send(url, c.line, {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...who,
      });
      if (r !== 'hang' && !(r instanceof Error) && r.status !== 401 && r.status !== 429) {
        f.problems.push(`#${i} unauthenticated request answered ${r.status}`);
      }
      record(c, i, r);
    }
    f.unauthenticatedUpstream = o.sb.log.since(mark).length;
    if (f.unauthenticatedUpstream > 0)
      f.problems.push(
        `${f.unauthenticatedUpstream} requests reached Zammad during the unauthenticated batch`,
      );

    await alive('the unauthenticated cases');
  } finally {
    if (!peer.alive) {
      f.crashes += 1;
      f.problems.push(
        `the server exited during the fuzz: ${JSON.stringify(peer.exit)} ${peer.stderr().slice(-500)}`,
      );
    }
    const exit = await peer.stop();
    if (f.crashes === 0 && exit.code !== 0) {
      f.crashes += 1;
      f.problems.push(`the server ended with ${JSON.stringify(exit)}`);
    }
    f.ms = performance.now() - t0;
  }
  return f;
}
