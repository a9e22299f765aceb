/**
 * Throughput of the sanitizer on ~10 MB of realistic helpdesk text, generated deterministically:
 * ~5 MB of plain-text mail (greetings, paragraphs, quoted replies, signatures, URLs with query strings,
 * some emoji, accents, CJK and RTL lines, lists) and ~5 MB of HTML mail (Outlook-style markup with
 * head/style, conditional comments, paragraphs, lists, blockquotes, links, tables, images, entities).
 *
 * Each path runs over the articles one by one (as the server does), one warm-up round, then RUNS timed
 * rounds; the best round is returned (the least disturbed by other processes), the median is printed
 * too. MB = 10^6 bytes of UTF-8 input.
 *
 *   node --import tsx bench/sanitize.ts
 */
import { pathToFileURL } from 'node:url';
import { htmlToText, sanitizeText } from '../src/content/index.js';

const TARGET_BYTES = 5_000_000;
const RUNS = 5;

/** mulberry32: a small deterministic PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the printer on the second floor stopped working again after yesterday update please could you check ' +
  'our invoice for march shows a wrong amount we were charged twice for the same order number and need ' +
  'a refund as soon as possible thanks for your quick reply the login page keeps saying password expired ' +
  'although I changed it this morning our team cannot access the shared drive since monday the vpn client ' +
  'disconnects every few minutes when working from home I attached a screenshot of the error message ' +
  'Rechnung Lieferung bitte prüfen Grüße schöne Woche numéro de commande déjà reçu merci beaucoup'
).split(' ');
const NAMES = [
  'John Doe',
  'Jane Roe',
  'Maria García',
  'Jürgen Müller',
  'Li Wei',
  'Amélie Dupont',
  'Olu Adeyemi',
];
const EMOJI = ['👍', '😀', '✈️', '🙏', '👨‍👩‍👧', '1️⃣', '⚠️', '🎉'];
const EXTRA_LINES = [
  '请尽快处理这个问题，谢谢。',
  'שלום, אני צריך עזרה עם ההזמנה.',
  'مرحبا، لدي مشكلة في الفاتورة.',
  'Спасибо за помощь!',
];

function sentence(r: () => number): string {
  const n = 6 + Math.floor(r() * 14);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(WORDS[Math.floor(r() * WORDS.length)]!);
  let s = words.join(' ');
  s = s[0]!.toUpperCase() + s.slice(1);
  if (r() < 0.08) s += ' ' + EMOJI[Math.floor(r() * EMOJI.length)]!;
  if (r() < 0.1)
    s += ` See https://portal.example.com/tickets/${Math.floor(r() * 99999)}?view=full&lang=en&ref=mail`;
  if (r() < 0.03) s += ' (see [1])';
  return s + (r() < 0.15 ? '?' : '.');
}

function paragraph(r: () => number): string {
  const n = 1 + Math.floor(r() * 4);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(sentence(r));
  return out.join(' ');
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

export function plainArticle(r: () => number): string {
  const name = pick(r, NAMES);
  const parts = [`Hello ${pick(r, ['support team', 'Jane', 'all'])},`, ''];
  const paras = 1 + Math.floor(r() * 4);
  for (let i = 0; i < paras; i++) parts.push(paragraph(r), '');
  if (r() < 0.3) parts.push('Steps:', '1. Open the app', '2. Click on Settings', '3. Nothing happens', '');
  if (r() < 0.15) parts.push(pick(r, EXTRA_LINES), '');
  parts.push(
    'Best regards,',
    name,
    '-- ',
    `${name} | ACME Corp. | Phone: +49 30 1234567`,
    `Mail: <${name.split(' ')[0]!.toLowerCase()}@acme.example>`,
    '',
  );
  if (r() < 0.6) {
    parts.push(
      `On Mon, 3 Jun 2024 at 10:${10 + Math.floor(r() * 49)}, ${pick(r, NAMES)} <agent@helpdesk.example> wrote:`,
    );
    for (let i = 0; i < 2 + Math.floor(r() * 4); i++) parts.push('> ' + paragraph(r));
    parts.push('>', '> > ' + sentence(r));
  }
  if (r() < 0.03) parts.push('', '[1]: https://docs.example.com/kb/42?x=1&y=2');
  return parts.join('\r\n');
}

export function htmlArticle(r: () => number): string {
  const out: string[] = [
    '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
    '<style><!-- p.MsoNormal{margin:0cm;font-size:11.0pt;font-family:"Calibri",sans-serif;} a:link{color:#0563C1;} --></style>',
    '<!--[if gte mso 9]><xml><o:shapedefaults v:ext="edit" spidmax="1026" /></xml><![endif]--></head>',
    '<body lang="EN-US" link="#0563C1"><div class="WordSection1">',
    `<p class="MsoNormal">Hello ${pick(r, ['support team', 'Jane', 'all'])},<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p>`,
  ];
  const paras = 1 + Math.floor(r() * 4);
  for (let i = 0; i < paras; i++) {
    out.push(
      `<p class="MsoNormal"><span style="font-size:11pt">${paragraph(r).replace(/&/g, '&amp;')}</span><o:p></o:p></p>`,
    );
  }
  if (r() < 0.4)
    out.push(
      '<ul style="margin-top:0cm"><li class="MsoListParagraph">Open the app</li><li>Click on <b>Settings</b></li><li>Nothing happens &ndash; see <a href="https://status.example.com/?a=1&amp;b=2">status page</a></li></ul>',
    );
  if (r() < 0.3)
    out.push(
      '<table class="MsoTableGrid" border="1" cellspacing="0" cellpadding="0"><tbody><tr><td width="200"><p><b>Order</b></p></td><td><p><b>Amount</b></p></td></tr><tr><td><p>A-10023</p></td><td><p>&euro;&nbsp;129,00</p></td></tr><tr><td><p>A-10024</p></td><td><p>&euro;&nbsp;12,50</p></td></tr></tbody></table>',
    );
  if (r() < 0.15) out.push(`<p dir="auto">${pick(r, EXTRA_LINES)}</p>`);
  out.push(
    `<p class="MsoNormal">Best regards,<br>${pick(r, NAMES)}<br><img width="120" height="40" src="cid:image001.png@01DA" alt="ACME Logo"><br>Phone: +49 30 1234567 | <a href="mailto:info@acme.example">info@acme.example</a> | <a href="https://www.acme.example/">www.acme.example</a></p>`,
  );
  if (r() < 0.6) {
    out.push(
      '<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p class="MsoNormal"><b>From:</b> Helpdesk &lt;agent@helpdesk.example&gt;<br><b>Sent:</b> Monday, June 3, 2024 10:12 AM<br><b>Subject:</b> Re: [Ticket#1002345] Printer</p></div>',
    );
    out.push('<blockquote style="margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex">');
    for (let i = 0; i < 2 + Math.floor(r() * 3); i++)
      out.push(`<p>${paragraph(r).replace(/&/g, '&amp;')}</p>`);
    out.push('</blockquote>');
  }
  out.push(
    '<img src="https://track.example.com/open.gif?id=12345&amp;u=99" width="1" height="1"></div></body></html>',
  );
  return out.join('\n');
}

function corpus(make: (r: () => number) => string, seed: number): { docs: string[]; bytes: number } {
  const r = rng(seed);
  const docs: string[] = [];
  let bytes = 0;
  while (bytes < TARGET_BYTES) {
    const d = make(r);
    docs.push(d);
    bytes += Buffer.byteLength(d, 'utf8');
  }
  return { docs, bytes };
}

function time(docs: readonly string[], fn: (s: string) => string): number {
  let sink = 0;
  fn(docs[0]!); // make sure the code is loaded
  const t0 = performance.now();
  for (const d of docs) sink += fn(d).length;
  const ms = performance.now() - t0;
  if (sink < 0) throw new Error('unreachable');
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

interface Measured {
  best: number;
  median: number;
}

function measure(docs: readonly string[], bytes: number, fn: (s: string) => string): Measured {
  time(docs, fn); // warm-up
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(time(docs, fn));
  const mbps = (ms: number): number => bytes / 1e6 / (ms / 1000);
  return { best: mbps(Math.min(...runs)), median: mbps(median(runs)) };
}

let last: { plain: Measured; html: Measured } | undefined;

export async function benchSanitize(): Promise<{
  plainMBps: number;
  htmlMBps: number;
  plainBytes: number;
  htmlBytes: number;
}> {
  const plain = corpus(plainArticle, 1);
  const html = corpus(htmlArticle, 2);
  const p = measure(plain.docs, plain.bytes, sanitizeText);
  await Promise.resolve(); // let other work run between the two paths
  const h = measure(html.docs, html.bytes, htmlToText);
  last = { plain: p, html: h };
  return { plainMBps: p.best, htmlMBps: h.best, plainBytes: plain.bytes, htmlBytes: html.bytes };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await benchSanitize();
  const line = (label: string, m: Measured | undefined, bytes: number): string =>
    `${label} ${m ? `${m.best.toFixed(1)} MB/s best, ${m.median.toFixed(1)} MB/s median` : ''} over ${(bytes / 1e6).toFixed(2)} MB`;
  console.log(line('sanitizeText (plain text):', last?.plain, r.plainBytes));
  console.log(line('htmlToText   (HTML mail): ', last?.html, r.htmlBytes));
}
