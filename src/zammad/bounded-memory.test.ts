import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addHostileTicket, startSandbox, type Sandbox } from '@zammad-mcp/sandbox';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs bench/hostile-read.ts under V8 limits; resolves with its exit code and output. */
function readUnder(
  heapMb: number,
  args: string[],
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        `--max-old-space-size=${heapMb}`,
        '--max-semi-space-size=2',
        '--import',
        'tsx',
        'bench/hostile-read.ts',
        ...args,
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('bounded reads: memory', () => {
  let sb: Sandbox;
  let zammad: string;
  beforeAll(async () => {
    // The sandbox runs here, the client in a process of its own: its figures are the client's.
    sb = await startSandbox({ tickets: 5 });
    const many = addHostileTicket(sb.store, 'many-emails', { emails: 3, emailChars: 20_000_000 });
    const huge = addHostileTicket(sb.store, 'huge-article', { articleChars: 60_000_000 });
    const deep = addHostileTicket(sb.store, 'deep-html');
    zammad = JSON.stringify({
      url: sb.url,
      token: sb.credentials.admin.token,
      many: many.ticket.id,
      huge: huge.ticket.id,
      hugeArticle: huge.articles[0]?.id,
      hugeLength: huge.bodies[0]?.length,
      deep: deep.ticket.id,
    });
  });
  afterAll(() => sb.close());

  it('reads 60 MB of e-mails and a 60 MB article within a 48 MB heap, and does not let dead socket buffers pile up', async () => {
    const r = await readUnder(48, ['--legacy', '--zammad', zammad]);
    expect(r.err).not.toMatch(/heap out of memory/);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out.trim().split('\n').pop() ?? '{}') as {
      ok: boolean;
      reads: Array<{ read: string; kept: number }>;
      peakArrayBuffersMB: number;
    };
    expect(result.ok).toBe(true);
    // every read kept a bounded part: at most 256 Ki characters of each body it returned
    for (const x of result.reads) expect(x.kept).toBeLessThanOrEqual(3 * 256 * 1024);
    // GC pacing (body.ts): without it, 30+ MB of read buffers wait for a collection
    expect(result.peakArrayBuffersMB).toBeLessThanOrEqual(16);
  }, 180_000);
});
