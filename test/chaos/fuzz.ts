/**
 * JSON-RPC fuzzing of a spawned server over stdio: batches of generated hostile lines, each due
 * answer awaited within the bound, a ping after every batch (the server still answers), and the
 * figures the issue asks for. A "hang" is a due answer that did not come within ANSWER_BOUND_MS.
 */
import type { Sandbox } from '@zammad-mcp/sandbox';
import { cases, type Case } from './messages.js';
import { ANSWER_BOUND_MS, StdioPeer, type Answer } from './peer.js';

export interface FuzzFigures {
  transport: 'stdio' | 'http';
  seed: number;
  cases: number;
  /** Cases that were due an answer (a JSON object with a usable id and a method). */
  due: number;
  answered: number;
  hangs: number;
  crashes: number;
  nonJsonLines: number;
  /** -32603 answers: against a healthy sandbox, every one is a client mistake mis-answered. */
  internalErrors: number;
  /** Error messages or tool errors carrying a raw validation dump, or spanning lines. */
  dumps: number;
  /** Liveness pings after each batch that were not answered. */
  deadBatches: number;
  /** One line per problem, with the case index and its line: enough to replay. */
  problems: string[];
  ms: number;
}

const DUMP = /"code":\s*"invalid_|^\s*\[\s*\{|\n/;

/** What is wrong with one answer to a client's case (empty when nothing is). */
export function judge(c: Case, a: Answer): string[] {
  const out: string[] = [];
  const err = a.error;
  if (err) {
    if (err.code === -32603) out.push(`-32603 for a client's message: ${err.message.slice(0, 160)}`);
    if (DUMP.test(err.message))
      out.push(`raw dump or multi-line error message: ${err.message.slice(0, 160)}`);
  }
  const result = a.result as { isError?: boolean; content?: Array<{ text?: string }> } | undefined;
  if (result?.isError) {
    const text = (result.content ?? []).map((x) => x.text ?? '').join('\n');
    if (/"code":\s*"invalid_/.test(text)) out.push(`raw dump in a tool error: ${text.slice(0, 160)}`);
  }
  return out.map((p) => `${c.kind}: ${p}`);
}

export function emptyFigures(transport: 'stdio' | 'http', seed: number): FuzzFigures {
  return {
    transport,
    seed,
    cases: 0,
    due: 0,
    answered: 0,
    hangs: 0,
    crashes: 0,
    nonJsonLines: 0,
    internalErrors: 0,
    dumps: 0,
    deadBatches: 0,
    problems: [],
    ms: 0,
  };
}

export function tally(f: FuzzFigures, c: Case, index: number, a: Answer | 'hang' | 'exit'): void {
  if (a === 'hang') {
    f.hangs += 1;
    f.problems.push(`#${index} hang (no answer within ${ANSWER_BOUND_MS} ms): ${c.line.slice(0, 200)}`);
    return;
  }
  if (a === 'exit') return;
  f.answered += 1;
  const p = judge(c, a);
  if (a.error?.code === -32603) f.internalErrors += 1;
  if (p.some((x) => x.includes('dump'))) f.dumps += 1;
  for (const x of p) f.problems.push(`#${index} ${x} ← ${c.line.slice(0, 200)}`);
}

export interface StdioFuzzOptions {
  sb: Sandbox;
  seed: number;
  count: number;
  /** Cases sent before each liveness ping (default 200). */
  batch?: number;
  env?: Record<string, string>;
}

export async function fuzzStdio(o: StdioFuzzOptions): Promise<FuzzFigures> {
  const f = emptyFigures('stdio', o.seed);
  const t0 = performance.now();
  const peer = new StdioPeer({
    ZAMMAD_URL: o.sb.url,
    ZAMMAD_HTTP_TOKEN: o.sb.credentials.admin.token,
    ...o.env,
  });
  try {
    await peer.initialize();
    const all = cases(o.seed, o.count);
    const batch = o.batch ?? 200;
    for (let at = 0; at < all.length && peer.alive; at += batch) {
      const slice = all.slice(at, at + batch);
      const waits: Array<Promise<void>> = [];
      for (const [k, c] of slice.entries()) {
        f.cases += 1;
        if (c.expect !== undefined) {
          f.due += 1;
          waits.push(peer.expect(c.expect).then((a) => tally(f, c, at + k, a)));
        }
        await peer.write(c.line);
      }
      await Promise.all(waits);
      const alive = await peer.request({ id: `alive-${at}`, method: 'ping' });
      if (alive === 'hang' || alive === 'exit' || !('result' in alive)) {
        f.deadBatches += 1;
        f.problems.push(`no answer to the ping after cases ${at}..${at + slice.length - 1}`);
      }
    }
  } finally {
    if (!peer.alive) {
      f.crashes += 1;
      f.problems.push(
        `the server exited during the fuzz: ${JSON.stringify(peer.exit)} ${peer.stderr().slice(-500)}`,
      );
    }
    f.nonJsonLines = peer.nonJson.length;
    for (const l of peer.nonJson.slice(0, 5)) f.problems.push(`non-JSON stdout line: ${l}`);
    const exit = await peer.stop();
    if (f.crashes === 0 && exit.code !== 0) {
      f.crashes += 1;
      f.problems.push(`the server ended with ${JSON.stringify(exit)} after the fuzz`);
    }
    f.ms = performance.now() - t0;
  }
  return f;
}
