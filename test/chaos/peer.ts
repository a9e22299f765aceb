/**
 * The server under test as a child process, spoken to with raw lines (stdio) or raw requests
 * (HTTP), so that anything a hostile client can send can be sent, and so that a crash is a dead
 * process rather than a dead test worker. Every stdout line is checked to be JSON-RPC.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { HTTP_NODE_FLAGS, NODE_FLAGS } from '../../src/version.js';
import { CLI } from '../mcp.js';

/** How long one answer may take before it counts as a hang: a bound, not a latency target. */
export const ANSWER_BOUND_MS = 10_000;

export type Answer = Record<string, unknown> & { id?: unknown; error?: { code: number; message: string } };

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Resident memory of a process in MB (Linux /proc), or NaN once it is gone. */
export function rssMb(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
  } catch {
    return NaN;
  }
}

abstract class Child {
  protected child!: ChildProcessWithoutNullStreams;
  exit: Exit | undefined;
  private stderrTail = '';
  protected exited!: Promise<Exit>;

  protected start(args: string[], env: Record<string, string>): void {
    this.child = spawn(process.execPath, args, {
      env: { PATH: process.env.PATH ?? '', MCP_LOG_LEVEL: 'warn', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdin.on('error', () => undefined); // a dead server shows as `exit`, not as EPIPE here
    this.child.stderr.on('data', (d: Buffer) => {
      this.stderrTail = (this.stderrTail + d.toString()).slice(-20_000);
      this.onStderr(d.toString());
    });
    this.exited = new Promise((resolve) =>
      this.child.on('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      }),
    );
  }

  protected onStderr(_chunk: string): void {}

  get pid(): number | undefined {
    return this.child.pid;
  }
  get alive(): boolean {
    return this.exit === undefined;
  }
  rss(): number {
    return rssMb(this.child.pid);
  }
  stderr(): string {
    return this.stderrTail;
  }
  /** Ends the process (stdin first, then SIGTERM, then SIGKILL) and resolves with how it ended. */
  async stop(): Promise<Exit> {
    if (this.exit) return this.exit;
    this.child.stdin.end();
    this.child.kill('SIGTERM');
    const t = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    const e = await this.exited;
    clearTimeout(t);
    return e;
  }
}

/** A stdio server with the documented launch flags, spoken to line by line. */
export class StdioPeer extends Child {
  private buf = '';
  /** Who waits for an answer, by id (a queue: a hostile client may reuse an id). */
  private waiting = new Map<string, Array<(a: Answer) => void>>();
  /** Every stdout line that is not a JSON-RPC 2.0 object. */
  readonly nonJson: string[] = [];
  /** Answers that carry no id (refused lines). */
  readonly idless: Answer[] = [];
  lines = 0;

  constructor(env: Record<string, string>, o: { flags?: readonly string[]; cli?: string } = {}) {
    super();
    this.start([...(o.flags ?? NODE_FLAGS), o.cli ?? CLI], env);
    this.child.stdout.on('data', (d: Buffer) => this.onData(d.toString()));
  }

  private onData(s: string): void {
    this.buf += s;
    let nl: number;
    while ((nl = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, nl);
      this.buf = this.buf.slice(nl + 1);
      this.lines += 1;
      let m: unknown;
      try {
        m = JSON.parse(line);
      } catch {
        this.nonJson.push(line.slice(0, 200));
        continue;
      }
      if (!m || typeof m !== 'object' || (m as Answer).jsonrpc !== '2.0') {
        this.nonJson.push(line.slice(0, 200));
        continue;
      }
      const a = m as Answer;
      if (a.id === undefined) this.idless.push(a);
      else this.waiting.get(JSON.stringify(a.id))?.shift()?.(a);
    }
  }

  /** Writes one line (no newline inside, or it is two lines). */
  write(line: string | Buffer): Promise<void> {
    return new Promise((resolve) => {
      if (!this.alive) return resolve();
      if (
        this.child.stdin.write(
          typeof line === 'string' ? `${line}\n` : Buffer.concat([line, Buffer.from('\n')]),
        )
      )
        resolve();
      else this.child.stdin.once('drain', resolve);
    });
  }

  /** The answer with this id, or 'hang' after the bound, or 'exit' when the process ended first. */
  expect(id: string | number, boundMs = ANSWER_BOUND_MS): Promise<Answer | 'hang' | 'exit'> {
    const key = JSON.stringify(id);
    return new Promise((resolve) => {
      let settled = false;
      const done = (r: Answer | 'hang' | 'exit'): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const queue = this.waiting.get(key) ?? [];
        const at = queue.indexOf(done);
        if (at >= 0) queue.splice(at, 1);
        if (queue.length === 0) this.waiting.delete(key);
        resolve(r);
      };
      const timer = setTimeout(() => done('hang'), boundMs);
      this.waiting.set(key, [...(this.waiting.get(key) ?? []), done]);
      void this.exited.then(() => done('exit'));
    });
  }

  /** Sends a request and waits for its answer. */
  async request(msg: { id: string | number } & Record<string, unknown>, boundMs?: number) {
    const answer = this.expect(msg.id, boundMs);
    await this.write(JSON.stringify({ jsonrpc: '2.0', ...msg }));
    return answer;
  }

  /** initialize + initialized, as a 2025-era client. */
  async initialize(): Promise<void> {
    const a = await this.request({
      id: 'init',
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'chaos', version: '1' },
      },
    });
    if (a === 'hang' || a === 'exit' || !('result' in a))
      throw new Error(`initialize failed: ${JSON.stringify(a)}`);
    await this.write(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
  }
}

/** `dist/cli.js http` with the documented HTTP flags on an ephemeral loopback port. */
export class HttpPeer extends Child {
  url = '';
  private listening!: Promise<string>;

  constructor(env: Record<string, string>, o: { flags?: readonly string[]; cli?: string } = {}) {
    super();
    this.start([...(o.flags ?? HTTP_NODE_FLAGS), o.cli ?? CLI, 'http'], {
      MCP_HTTP_PORT: '0',
      MCP_LOG_LEVEL: 'info',
      ...env,
    });
    let seen = '';
    this.listening = new Promise((resolve, reject) => {
      this.onStderr = (chunk) => {
        seen += chunk;
        const m = /"msg":"listening"[^\n]*?"url":"([^"]+)"/.exec(seen);
        if (!m?.[1]) return;
        this.url = m[1];
        seen = '';
        this.onStderr = () => undefined;
        resolve(m[1]);
      };
      void this.exited.then(() => reject(new Error(`http server exited: ${this.stderr()}`)));
    });
  }

  ready(): Promise<string> {
    return this.listening;
  }
}
