/**
 * Upstream faults from the sandbox, one scenario at a time against one spawned stdio server with
 * the write tools on: 5xx, 429 with Retry-After, resets before and during the body, answers past
 * the timeout, truncated and invalid JSON, huge bodies. For each: the call is answered (no hang),
 * the server lives, the error is clear, and every write reached Zammad at most once — counted in
 * the sandbox's request log, and in the records it holds.
 */
import type { FaultRule, Sandbox } from '@zammad-mcp/sandbox';
import { StdioPeer, type Answer } from './peer.js';

/**
 * The client's timeout in these runs: short, so that "past the timeout" costs little, and still
 * far above what a sandbox answer takes on a loaded machine (a few ms), so only the faulted
 * request times out. One retry for reads keeps a timed-out read (2 × 2.5 s) within the 10 s bound.
 */
export const TIMEOUT_MS = 2_500;

type Op = 'read' | 'note' | 'tag' | 'create';

interface Fault {
  name: string;
  rule: Omit<FaultRule, 'method' | 'path'>;
  /** What a clear answer says (when the call fails). */
  says: RegExp;
  /** Ops it applies to (default all). */
  ops?: Op[];
}

export const FAULTS: Fault[] = [
  { name: '500 once', rule: { status: 500, body: { error: 'boom' } }, says: /failed|HTTP 500/ },
  {
    name: '502 always',
    rule: { status: 502, body: '<html>Bad gateway</html>', times: Infinity },
    says: /HTTP 502/,
  },
  { name: '503 + Retry-After 1', rule: { status: 503, headers: { 'Retry-After': '1' } }, says: /HTTP 503/ },
  {
    name: '429 + Retry-After 1',
    rule: { status: 429, body: { error: 'slow down' }, headers: { 'Retry-After': '1' } },
    says: /rate limiting/,
  },
  {
    name: '429 + Retry-After 3600',
    rule: { status: 429, headers: { 'Retry-After': '3600' }, times: Infinity },
    says: /rate limiting/,
  },
  { name: 'reset before answering', rule: { reset: true }, says: /Cannot reach|connection|may or may not/ },
  {
    name: 'reset mid-body',
    rule: { spoil: 'reset-mid-body' },
    says: /Cannot reach|connection|may or may not|broke/,
  },
  {
    name: 'slower than the timeout',
    rule: { delayMs: TIMEOUT_MS + 500, times: Infinity },
    says: /did not answer .*within|may or may not/,
  },
  {
    name: 'truncated JSON',
    rule: { spoil: 'truncated-json' },
    says: /not JSON|could not|invalid|incomplete/i,
  },
  { name: 'invalid JSON', rule: { spoil: 'invalid-json' }, says: /not JSON|could not|invalid/i },
  {
    name: 'huge body (64 MB)',
    rule: { padToBytes: 64 * 1024 * 1024 },
    says: /too large|over the limit|larger/i,
    ops: ['read', 'note'],
  },
];

export interface Scenario {
  fault: string;
  op: Op;
  outcome: 'ok' | 'error' | 'hang' | 'crash';
  /** How many times the write reached Zammad (requests in the log); 0 for reads. */
  writes: number;
  message: string;
  ms: number;
  problem?: string;
}

export interface UpstreamFigures {
  scenarios: Scenario[];
  crashes: number;
  hangs: number;
  duplicatedWrites: number;
  unclear: number;
  ms: number;
}

const WRITE_PATH: Record<Exclude<Op, 'read'>, { method: string; path: string | RegExp }> = {
  note: { method: 'POST', path: '/api/v1/ticket_articles' },
  tag: { method: 'POST', path: '/api/v1/tags/add' },
  create: { method: 'POST', path: '/api/v1/tickets' },
};

function textOf(a: Answer): string {
  const r = a.result as { content?: Array<{ text?: string }> } | undefined;
  return (r?.content ?? []).map((c) => c.text ?? '').join('\n') || (a.error?.message ?? '');
}

export async function runUpstream(
  sb: Sandbox,
  o: { only?: (f: Fault, op: Op) => boolean } = {},
): Promise<UpstreamFigures> {
  const t0 = performance.now();
  const peer = new StdioPeer({
    ZAMMAD_URL: sb.url,
    ZAMMAD_HTTP_TOKEN: sb.credentials.admin.token,
    ZAMMAD_TIMEOUT_MS: String(TIMEOUT_MS),
    ZAMMAD_MAX_RETRIES: '1',
    MCP_ALLOW_WRITE: 'true',
  });
  const out: UpstreamFigures = {
    scenarios: [],
    crashes: 0,
    hangs: 0,
    duplicatedWrites: 0,
    unclear: 0,
    ms: 0,
  };
  try {
    await peer.initialize();
    const tickets = [...sb.store.tickets.values()].filter((t) => t.group_id === 1).slice(0, 40);
    const group = sb.store.groups.get(1)?.name ?? 'Users';
    const customer = [...sb.store.users.values()].find((u) => u.email)?.email ?? 'nicole.braun@zammad.org';
    let n = 0;
    for (const fault of FAULTS)
      for (const op of ['read', 'note', 'tag', 'create'] as Op[]) {
        if (fault.ops && !fault.ops.includes(op)) continue;
        if (o.only && !o.only(fault, op)) continue;
        const t = tickets[n % tickets.length];
        if (!t) throw new Error('no ticket');
        const tag = `chaos-${n}`;
        const title = `Chaos ${n}`;
        n += 1;
        sb.faults.clear();
        const target = op === 'read' ? { method: 'GET', path: `/api/v1/tickets/${t.id}` } : WRITE_PATH[op];
        sb.faults.add({ ...fault.rule, ...target });
        const mark = sb.log.mark();
        const notesBefore = sb.store.articlesOf(t.id).length;
        const call =
          op === 'read'
            ? { name: 'get_ticket', arguments: { ticket_id: t.id } }
            : op === 'note'
              ? { name: 'add_internal_note', arguments: { ticket_id: t.id, body: `chaos note ${n}` } }
              : op === 'tag'
                ? { name: 'add_ticket_tag', arguments: { ticket_id: t.id, tag } }
                : { name: 'create_ticket', arguments: { title, group, customer, body: 'chaos' } };
        const started = performance.now();
        const a = await peer.request({ id: `up-${n}`, method: 'tools/call', params: call });
        const ms = performance.now() - started;
        sb.faults.clear();
        await sb.faults.settled(); // a delayed write lands after the client gave up
        const logged =
          op === 'read'
            ? 0
            : sb.log
                .since(mark)
                .filter((e) => e.method === WRITE_PATH[op].method && e.path === WRITE_PATH[op].path).length;
        // The records agree with the log: never two notes, tags or tickets from one call.
        const stored =
          op === 'note'
            ? sb.store.articlesOf(t.id).length - notesBefore
            : op === 'create'
              ? [...sb.store.tickets.values()].filter((x) => x.title === title).length
              : op === 'tag'
                ? logged
                : 0;
        const writes = Math.max(logged, stored);
        const s: Scenario = {
          fault: fault.name,
          op,
          outcome:
            a === 'hang'
              ? 'hang'
              : a === 'exit'
                ? 'crash'
                : (a.result as { isError?: boolean } | undefined)?.isError || a.error
                  ? 'error'
                  : 'ok',
          writes,
          message: a === 'hang' || a === 'exit' ? '' : textOf(a).slice(0, 300),
          ms,
        };
        if (s.outcome === 'hang') out.hangs += 1;
        if (s.outcome === 'crash') out.crashes += 1;
        if (writes > 1) {
          out.duplicatedWrites += writes - 1;
          s.problem = `${writes} writes`;
        }
        // Every fault here sits on the write's own request: it reached Zammad exactly once. Fewer
        // would mean the count missed one (a delayed write lands after the client gave up).
        if (op !== 'read' && writes === 0) s.problem = 'the write was not counted';
        if (
          s.outcome === 'error' &&
          !(fault.says.test(s.message) && !/<html|stack|at \w+ \(/i.test(s.message))
        ) {
          out.unclear += 1;
          s.problem = `${s.problem ? `${s.problem}; ` : ''}unclear error`;
        }
        out.scenarios.push(s);
        if (!peer.alive) break;
      }
  } finally {
    sb.faults.clear();
    if (!peer.alive && out.crashes === 0) out.crashes += 1;
    await peer.stop();
    out.ms = performance.now() - t0;
  }
  return out;
}
