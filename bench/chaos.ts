/**
 * `npm run chaos`: the reliability suite of issue 12 at full size, printing its figures and
 * writing bench/results/chaos.json. The test suite runs the same code at CI size (test/chaos-*).
 *  1. JSON-RPC fuzzing: 6,000 hostile lines over stdio, 10,000 requests over HTTP (1,000 of them
 *     unauthenticated); CHAOS_SEED=<n> replays a run, otherwise the seed is new and printed.
 *  2. Upstream faults: every fault against reads, notes, tags and ticket creation.
 *  3. A soak of 20,000 mixed calls (CHAOS_SOAK_CALLS to change): RSS every 5,000, p50/p99.
 *  4. The hostile tickets over stdio and HTTP (8 reads at once), resident memory measured.
 * It exits non-zero on a crash, a hang, a non-JSON stdout line, an internal error for a client's
 * mistake, a duplicated write or a request reaching Zammad without credentials.
 */
import { startSandbox } from '@zammad-mcp/sandbox';
import { fuzzHttp } from '../test/chaos/fuzz-http.js';
import { fuzzStdio, type FuzzFigures } from '../test/chaos/fuzz.js';
import { addHostile, FULL_SIZES, readHostile, sandboxHostile } from '../test/chaos/hostile.js';
import { seedFrom } from '../test/chaos/seed.js';
import { soak } from '../test/chaos/soak.js';
import { runUpstream } from '../test/chaos/upstream.js';
import { createReport, printSummary, writeResults } from './lib/report.js';

const seed = seedFrom(process.env, Math.floor(Math.random() * 2 ** 31));
const soakCalls = Number(process.env.CHAOS_SOAK_CALLS ?? 20_000);
const { rows, report } = createReport({ digits: 1, figure: 66, value: 9, unit: 6, target: 10 });
const zero = { max: 0, text: '0' };
const problems: string[] = [];

console.log(
  `zammad-mcp chaos · node ${process.version} · ${new Date().toISOString()} · CHAOS_SEED=${seed}\n`,
);
const sb = await startSandbox();

function fuzzRows(label: string, f: FuzzFigures): void {
  report(`${label}: cases`, f.cases, 'cases');
  report(`${label}: answers due / answered`, f.due, 'due');
  report(`${label}: crashes`, f.crashes, '', zero);
  report(`${label}: hangs (no due answer within 10 s)`, f.hangs, '', zero);
  report(`${label}: non-JSON-RPC lines / bodies`, f.nonJsonLines, '', zero);
  report(`${label}: -32603 for a client's message`, f.internalErrors, '', zero);
  report(`${label}: raw validation dumps`, f.dumps, '', zero);
  report(`${label}: batches after which the server did not answer`, f.deadBatches, '', zero);
  report(`${label}: time`, f.ms / 1000, 's');
  problems.push(...f.problems.map((p) => `${label} ${p}`));
}

console.log('1. JSON-RPC fuzzing');
fuzzRows('stdio fuzz', await fuzzStdio({ sb, seed, count: 6_000 }));
const http = await fuzzHttp({ sb, seed, count: 10_000, unauthenticated: 1_000 });
fuzzRows('HTTP fuzz', http);
report('HTTP fuzz: 5xx other than 503', http.serverErrors, '', zero);
report('HTTP fuzz: requests reaching Zammad without credentials', http.unauthenticatedUpstream, '', zero);
console.log(`   HTTP statuses: ${JSON.stringify(http.statuses)}`);

console.log('\n2. Upstream faults');
const up = await runUpstream(sb);
for (const s of up.scenarios)
  console.log(
    `   ${s.fault.padEnd(24)} ${s.op.padEnd(6)} ${s.outcome.padEnd(6)} writes ${s.writes} ${String(Math.round(s.ms)).padStart(5)} ms ${s.problem ?? ''} ${s.message.replace(/\s+/g, ' ').slice(0, 70)}`,
  );
report('upstream fault scenarios', up.scenarios.length, '');
report('upstream: crashes', up.crashes, '', zero);
report('upstream: hangs', up.hangs, '', zero);
report('upstream: duplicated writes (sandbox log and records)', up.duplicatedWrites, '', zero);
report('upstream: unclear errors', up.unclear, '', zero);
problems.push(
  ...up.scenarios.filter((s) => s.problem).map((s) => `upstream ${s.fault} ${s.op}: ${s.problem}`),
);

console.log(`\n3. Soak: ${soakCalls} mixed calls over stdio, documented launch`);
const s = await soak({
  sb,
  calls: soakCalls,
  every: 5_000,
  onSample: (at, mb) => console.log(`   RSS after ${String(at).padStart(6)} calls: ${mb.toFixed(1)} MB`),
});
for (const r of s.rss)
  report(
    `soak: resident after ${r.at} calls`,
    r.mb,
    'MB',
    r.at === s.calls ? { max: 100, text: '≤ 100 MB' } : undefined,
  );
report('soak: peak resident (VmHWM)', s.peakMb, 'MB');
report('soak: p50 latency, first 1,000 calls', s.p50StartMs, 'ms');
report('soak: p99 latency, first 1,000 calls', s.p99StartMs, 'ms');
report('soak: p50 latency, last 1,000 calls', s.p50EndMs, 'ms');
report('soak: p99 latency, last 1,000 calls', s.p99EndMs, 'ms');
report('soak: crashes', s.crashes, '', zero);
report('soak: hangs', s.hangs, '', zero);
report('soak: non-JSON stdout lines', s.nonJsonLines, '', zero);
report('soak: internal errors', s.internalErrors, '', zero);
report('soak: failed reads of existing records', s.failedReads, '', zero);
problems.push(...s.problems.map((p) => `soak ${p}`));

console.log(
  `\n4. Hostile tickets (${sandboxHostile ? "the sandbox's generated bodies" : 'bodies as strings'}): ${FULL_SIZES.emails} e-mails of ${FULL_SIZES.emailChars / 1e6} MB, one ${FULL_SIZES.articleChars / 1e6} MB article, HTML ${FULL_SIZES.depth} levels deep, ${FULL_SIZES.articles} articles on one ticket`,
);
const tickets = (['many-emails', 'huge-article', 'deep-html', 'many-articles'] as const).map((k) =>
  addHostile(sb, k, FULL_SIZES),
);
const h = await readHostile({ sb, tickets, http: true });
for (const r of h.reads)
  console.log(
    `   ${r.kind.padEnd(13)} ${r.call.padEnd(21)} ${r.outcome.padEnd(6)} ${String(Math.round(r.ms)).padStart(6)} ms ${String(r.chars).padStart(7)} chars, RSS ${r.rssAfterMb.toFixed(1)} MB ${r.message.slice(0, 60)}`,
  );
report('hostile: crashes', h.crashes, '', zero);
report('hostile: hangs (no answer within 60 s)', h.hangs, '', zero);
report('hostile, stdio: resident at start', h.stdioRssStartMb, 'MB');
report(
  `hostile, stdio: resident after the reads${h.restarts ? ` (of the ${h.restarts + 1}th server)` : ''}`,
  h.stdioRssAfterMb,
  'MB',
  { max: 100, text: '≤ 100 MB' },
);
report('hostile, stdio: peak resident (VmHWM)', h.stdioPeakMb, 'MB');
report('hostile, HTTP: peak resident, 8 concurrent reads (VmHWM)', h.httpPeakMb, 'MB', {
  max: 350,
  text: '≤ 350 MB',
});
report('hostile, HTTP: resident after', h.httpRssAfterMb, 'MB', { max: 200, text: '≤ 200 MB' });
console.log(`   HTTP answers: ${h.httpOutcomes.join(', ')}`);
problems.push(...h.problems.map((p) => `hostile ${p.slice(0, 300)}`));

await sb.close();
printSummary(rows);
writeResults('chaos.json', rows, { seed, soakCalls, hostile: sandboxHostile ? 'generated' : 'strings' });
if (problems.length) {
  console.log(`\n${problems.length} problems (CHAOS_SEED=${seed} replays the fuzz):`);
  for (const p of problems.slice(0, 50)) console.log(`  ${p.replace(/\s+/g, ' ').slice(0, 300)}`);
}
const broken = [...rows.filter((r) => r.target === '0' && r.pass === false).map((r) => r.figure)];
if (broken.length) process.exitCode = 1;
