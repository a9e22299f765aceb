/**
 * A soak: many mixed calls (reads, searches, lists, resources, client mistakes, pings) against
 * one stdio server with the documented launch, two in flight. It reports the server's resident
 * memory at start, every `every` calls and at the end (plus its peak, VmHWM), and the latency
 * percentiles of the first and the last `window` calls. Figures, not assertions: the caller
 * fails only on a crash, a hang, a non-JSON stdout line or an internal error.
 */
import type { Sandbox } from '@zammad-mcp/sandbox';
import { readFileSync } from 'node:fs';
import { StdioPeer } from './peer.js';

export interface SoakFigures {
  calls: number;
  rss: Array<{ at: number; mb: number }>;
  peakMb: number;
  p50StartMs: number;
  p99StartMs: number;
  p50EndMs: number;
  p99EndMs: number;
  hangs: number;
  crashes: number;
  nonJsonLines: number;
  internalErrors: number;
  /** Answers that were errors where a result was due (a read of an existing record failed). */
  failedReads: number;
  problems: string[];
  ms: number;
}

/** VmHWM: the process's peak resident memory, kept by the kernel (MB). */
export function peakMb(pid: number | undefined): number {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
  } catch {
    return NaN;
  }
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}

type Call = { method: string; params?: Record<string, unknown>; mistake?: boolean };

/** The i-th call of the mix: about a third ticket reads, the rest lists, searches and the odd mistake. */
export function mixedCall(i: number, ids: number[], users: number[]): Call {
  const t = ids[(i * 7) % ids.length];
  const tool = (name: string, args: Record<string, unknown> = {}): Call => ({
    method: 'tools/call',
    params: { name, arguments: args },
  });
  switch (i % 20) {
    case 0:
    case 1:
    case 2:
    case 3:
    case 4:
    case 5:
      return tool('get_ticket', { ticket_id: t });
    case 6:
    case 7:
      return tool('search_tickets', { limit: 10, page: 1 + (i % 3) });
    case 8:
      return tool('list_ticket_articles', { ticket_id: t, limit: 5 });
    case 9:
      return tool('get_user', { user_id: users[i % users.length] });
    case 10:
      return { method: 'resources/read', params: { uri: `zammad://ticket/${t}` } };
    case 11:
      return { method: 'tools/list' };
    case 12:
      return { method: i % 40 === 12 ? 'resources/templates/list' : 'prompts/list' };
    case 13:
      return tool('list_groups');
    case 14:
      return { ...tool('get_ticket', { ticket_id: 2_000_000_000 - i }), mistake: true };
    case 15:
      return { ...tool('search_tickets', { limit: -1 }), mistake: true };
    case 16:
      return { method: 'resources/read', params: { uri: `zammad://ticket/x${i}` }, mistake: true };
    default:
      return { method: 'ping' };
  }
}

export interface SoakOptions {
  sb: Sandbox;
  calls: number;
  every?: number;
  window?: number;
  env?: Record<string, string>;
  /** V8 flags of the launch (default: the documented stdio ones). */
  flags?: readonly string[];
  /** Called with each RSS sample as it is taken (the bench prints them as they come). */
  onSample?: (at: number, mb: number) => void;
}

export async function soak(o: SoakOptions): Promise<SoakFigures> {
  const t0 = performance.now();
  const every = o.every ?? 5_000;
  const window = Math.min(o.window ?? 1_000, Math.floor(o.calls / 2));
  const f: SoakFigures = {
    calls: 0,
    rss: [],
    peakMb: NaN,
    p50StartMs: NaN,
    p99StartMs: NaN,
    p50EndMs: NaN,
    p99EndMs: NaN,
    hangs: 0,
    crashes: 0,
    nonJsonLines: 0,
    internalErrors: 0,
    failedReads: 0,
    problems: [],
    ms: 0,
  };
  const ids = [...o.sb.store.tickets.keys()];
  const users = [...o.sb.store.users.keys()];
  const peer = new StdioPeer({
    ZAMMAD_URL: o.sb.url,
    ZAMMAD_HTTP_TOKEN: o.sb.credentials.admin.token,
    ...o.env,
  });
  const sample = (at: number): void => {
    const mb = peer.rss();
    f.rss.push({ at, mb });
    o.onSample?.(at, mb);
  };
  const latency: number[] = new Array<number>(o.calls);
  try {
    await peer.initialize();
    sample(0);
    let next = 0;
    let nextSample = every;
    const worker = async (): Promise<void> => {
      while (next < o.calls && peer.alive) {
        const i = next++;
        const c = mixedCall(i, ids, users);
        const started = performance.now();
        const a = await peer.request({
          id: `s-${i}`,
          method: c.method,
          ...(c.params ? { params: c.params } : {}),
        });
        latency[i] = performance.now() - started;
        f.calls += 1;
        if (a === 'hang') {
          f.hangs += 1;
          f.problems.push(`call ${i} (${JSON.stringify(c)}) got no answer`);
        } else if (a !== 'exit') {
          if (a.error?.code === -32603) {
            f.internalErrors += 1;
            f.problems.push(`call ${i}: -32603 ${a.error.message}`);
          }
          const isError =
            Boolean(a.error) || (a.result as { isError?: boolean } | undefined)?.isError === true;
          if (isError && !c.mistake) {
            f.failedReads += 1;
            if (f.failedReads <= 5)
              f.problems.push(`call ${i} (${JSON.stringify(c)}) failed: ${JSON.stringify(a).slice(0, 200)}`);
          }
        }
        if (f.calls >= nextSample) {
          sample(nextSample);
          nextSample += every;
        }
      }
    };
    await Promise.all([worker(), worker()]);
    if (f.rss[f.rss.length - 1]?.at !== f.calls) sample(f.calls);
    f.peakMb = peakMb(peer.pid);
    const done = latency.filter((x) => x !== undefined);
    f.p50StartMs = percentile(done.slice(0, window), 50);
    f.p99StartMs = percentile(done.slice(0, window), 99);
    f.p50EndMs = percentile(done.slice(-window), 50);
    f.p99EndMs = percentile(done.slice(-window), 99);
  } finally {
    if (!peer.alive) {
      f.crashes += 1;
      f.problems.push(
        `the server exited during the soak: ${JSON.stringify(peer.exit)} ${peer.stderr().slice(-500)}`,
      );
    }
    f.nonJsonLines = peer.nonJson.length;
    const exit = await peer.stop();
    if (f.crashes === 0 && exit.code !== 0) {
      f.crashes += 1;
      f.problems.push(`the server ended with ${JSON.stringify(exit)}`);
    }
    f.ms = performance.now() - t0;
  }
  return f;
}
