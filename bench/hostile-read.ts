/**
 * Reads the hostile tickets of issue 12 through the Zammad client, in this process, and prints one
 * JSON line: each read's time, and the peak resident set and heap seen. Run it with small V8 limits
 * (bench/hostile.ts, src/zammad/bounded-memory.test.ts): a client that held whole answers dies of
 * "JavaScript heap out of memory" here.
 *
 *   node --max-semi-space-size=2 --max-old-space-size=128 --import tsx bench/hostile-read.ts \
 *     [--emails 16] [--email-chars 10000000] [--article-chars 150000000] [--legacy]
 *     [--zammad '{"url":…,"token":…,"many":id,"huge":id,"hugeArticle":id,"hugeLength":n,"deep":id}']
 *
 * With --zammad it reads that sandbox's tickets instead of starting its own, so that the figures
 * are the client's alone.
 */
import { parseArgs } from 'node:util';
import { addHostileTicket, startSandbox } from '@zammad-mcp/sandbox';
import { ZammadClient } from '../src/zammad/client.js';

const { values } = parseArgs({
  options: {
    emails: { type: 'string', default: '16' },
    'email-chars': { type: 'string', default: '10000000' },
    'article-chars': { type: 'string', default: '150000000' },
    legacy: { type: 'boolean', default: false },
    zammad: { type: 'string' },
  },
});

interface Target {
  url: string;
  token: string;
  many: number;
  huge: number;
  hugeArticle: number;
  hugeLength: number;
  deep: number;
  close(): Promise<void>;
}

async function ownSandbox(): Promise<Target> {
  const sb = await startSandbox({ tickets: 5 });
  const many = addHostileTicket(sb.store, 'many-emails', {
    emails: Number(values.emails),
    emailChars: Number(values['email-chars']),
  });
  const huge = addHostileTicket(sb.store, 'huge-article', { articleChars: Number(values['article-chars']) });
  const deep = addHostileTicket(sb.store, 'deep-html');
  return {
    url: sb.url,
    token: sb.credentials.admin.token,
    many: many.ticket.id,
    huge: huge.ticket.id,
    hugeArticle: huge.articles[0]?.id as number,
    hugeLength: huge.bodies[0]?.length ?? 0,
    deep: deep.ticket.id,
    close: () => sb.close(),
  };
}

const baseRss = process.memoryUsage().rss;
const target: Target = values.zammad
  ? { ...(JSON.parse(values.zammad) as Omit<Target, 'close'>), close: async () => undefined }
  : await ownSandbox();

const client = new ZammadClient({
  apiUrl: `${target.url}/api/v1`,
  auth: { kind: 'token', token: target.token },
  timeoutMs: 600_000,
  maxRetries: 0,
  maxConcurrency: 4,
  cacheTtlMs: 60_000,
});

let peakRss = 0;
let peakHeap = 0;
let peakBuffers = 0;
const sample = (): void => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
  // ArrayBuffers alive, or dead and not yet collected (socket reads among them)
  peakBuffers = Math.max(peakBuffers, m.arrayBuffers);
};
const sampler = setInterval(sample, 20);
const reads: Array<{ read: string; ms: number; kept: number }> = [];
async function read(name: string, f: () => Promise<Array<{ body: string }>>): Promise<void> {
  const t0 = performance.now();
  const arts = await f();
  reads.push({
    read: name,
    ms: Math.round(performance.now() - t0),
    kept: arts.reduce((n, a) => n + a.body.length, 0),
  });
  sample();
}

const manyId = target.many;
await read(
  'ticketView many-emails {articles: 2}',
  async () => (await client.ticketView(manyId, { articles: 2, includeInternal: true })).articles,
);
await read(
  'ticketArticlesPage many-emails {limit: 2}',
  async () =>
    (await client.ticketArticlesPage(manyId, { offset: 0, limit: 2, order: 'oldest', includeInternal: true }))
      .articles,
);
await read(
  'ticketView huge-article {articles: 10}',
  async () => (await client.ticketView(target.huge, { articles: 10, includeInternal: true })).articles,
);
await read('article huge-article, 28,000 characters at 2/3', async () => [
  await client.article(target.hugeArticle, undefined, {
    offset: Math.floor(target.hugeLength * 0.66),
    chars: 28_000,
  }),
]);
await read(
  'ticketView deep-html',
  async () => (await client.ticketView(target.deep, { articles: 10, includeInternal: true })).articles,
);
if (values.legacy) {
  // the whole-ticket reads the tools used before bounded pages (bodies cut, every article kept),
  // kept in the client for this comparison only
  await read('ticketBundle many-emails (legacy)', async () => (await client.ticketBundle(manyId)).articles);
  await read('articles many-emails (legacy)', async () => client.articles(manyId));
}
clearInterval(sampler);
sample();
const mb = (n: number): number => Math.round(n / 1048576);
console.log(
  JSON.stringify({
    ok: true,
    reads,
    baseRssMB: mb(baseRss),
    peakRssMB: mb(peakRss),
    peakHeapMB: mb(peakHeap),
    peakArrayBuffersMB: mb(peakBuffers),
  }),
);
await client.close();
await target.close();
