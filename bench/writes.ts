/**
 * `npm run bench:writes`: the collaboration writes of issue #15, measured against a local sandbox.
 * - draft_knowledge_base_answer against knowledge bases of growing size: wall time, bytes Zammad
 *   sent for the structure (POST /knowledge_bases/init) and the heap the call left behind;
 * - save_draft_reply with 5 files of 1 MB: wall time and requests;
 * - the answer-body builder's throughput.
 * Each figure is the median of RUNS runs; the sandbox runs in the same process, so wall times
 * include its work. Written to bench/results/writes.json.
 */
import { startSandbox } from '@zammad-mcp/sandbox';
import { configFor } from '../test/harness.js';
import { silentLogger } from '../src/log.js';
import { createScope } from '../src/policy/scope.js';
import { toolContext } from '../src/server/pipeline.js';
import { textToSafeHtml } from '../src/content/text-markup.js';
import { draftKnowledgeBaseAnswer } from '../src/tools/knowledge-draft.js';
import { saveDraftReply } from '../src/tools/tickets/notes.js';
import { ZammadClient } from '../src/zammad/client.js';
import { createReport, writeResults } from './lib/report.js';
import { median } from './lib/stats.js';

const RUNS = 5;
const { rows, report } = createReport({ digits: 1, figure: 62, value: 10, unit: 8, target: 14 });
const sb = await startSandbox();
const config = configFor(sb, { MCP_ALLOW_WRITE: 'true' });
const zammad = new ZammadClient(config.zammad);
const deps = {
  zammad,
  scope: createScope(zammad, []),
  config,
  log: silentLogger,
  principal: 'bench',
  tools: [],
};
const ctx = () => toolContext(deps, new AbortController().signal, 'bench');

console.log(`zammad-mcp write benchmarks · node ${process.version} · ${RUNS} runs each\n`);

const tmpl = sb.store.kbAnswers.get(1);
if (!tmpl) throw new Error('seed has no KB answer');
for (const size of [15, 2_000, 20_000]) {
  while (sb.store.kbAnswers.size < size) {
    const id = sb.store.nextId('kbAnswer');
    sb.store.kbAnswers.set(id, {
      ...tmpl,
      id,
      title: `Answer ${id} about printers and invoices`,
      body: '<p>x</p>'.repeat(50),
    });
  }
  const times: number[] = [];
  const heaps: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    globalThis.gc?.();
    const h0 = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    await draftKnowledgeBaseAnswer.handler(
      draftKnowledgeBaseAnswer.input.parse({ title: `Bench ${i}`, body: 'Text', category: 1 }),
      ctx(),
      {} as never,
    );
    times.push(performance.now() - t0);
    globalThis.gc?.();
    heaps.push((process.memoryUsage().heapUsed - h0) / 1024);
  }
  const res = await fetch(`${sb.url}/api/v1/knowledge_bases/init`, {
    method: 'POST',
    headers: { Authorization: `Token token=${sb.credentials.admin.token}` },
  });
  const received = (await res.arrayBuffer()).byteLength;
  report(`KB draft with ${size.toLocaleString('en-US')} answers: wall time`, median(times), 'ms');
  report(`  init answer Zammad sends (streamed past, not kept)`, received / 1024, 'KiB');
  report(`  heap left after the call${globalThis.gc ? '' : ' (run with --expose-gc)'}`, median(heaps), 'KiB');
}

const file = {
  filename: 'f.bin',
  mime_type: 'application/octet-stream',
  data: Buffer.alloc(1024 * 1024, 7).toString('base64'),
};
const t = [...sb.store.tickets.values()].find((x) => x.state_id === 2 && x.group_id === 1);
if (!t) throw new Error('no open ticket');
const times: number[] = [];
let requests = 0;
for (let i = 0; i < RUNS; i++) {
  const mark = sb.log.mark();
  const t0 = performance.now();
  await saveDraftReply.handler(
    saveDraftReply.input.parse({
      ticket_id: t.id,
      body: 'x',
      replace: true,
      attachments: Array(5).fill(file),
    }),
    ctx(),
    { ticket: t } as never,
  );
  times.push(performance.now() - t0);
  requests = sb.log.since(mark).length;
}
report('save_draft_reply with 5 files of 1 MB: wall time', median(times), 'ms');
report('  requests to Zammad (uploads, draft, reads)', requests, '');

const text = 'Para with **bold** and `code` <script>x</script>\n- item one\n- item two\n\n'.repeat(20_000);
const mbps: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  textToSafeHtml(text);
  mbps.push(text.length / 1e6 / ((performance.now() - t0) / 1000));
}
report(`answer body builder (${(text.length / 1e6).toFixed(1)} M chars)`, median(mbps), 'MB/s');

await zammad.http.close();
await sb.close();
writeResults('writes.json', rows);
