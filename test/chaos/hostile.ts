/**
 * The hostile tickets of issue 12 — many large e-mails, one enormous article, HTML nested very
 * deep, and a ticket with a huge number of articles — read through the spawned server over stdio (documented launch) and over HTTP (8 reads at
 * once), with the server's resident memory after each read and its peak (VmHWM).
 *
 * The sandbox's `addHostileTicket` (bodies generated while they are sent) is used when the
 * sandbox has it; otherwise the bodies are real strings added to an existing ticket, which costs
 * this process the memory but reads the same to the server.
 */
import * as sandboxModule from '@zammad-mcp/sandbox';
import type { Sandbox } from '@zammad-mcp/sandbox';
import { generateKey, keyLine } from '../../src/auth/api-keys.js';
import { send } from './fuzz-http.js';
import { HttpPeer, rssMb, StdioPeer, type Answer } from './peer.js';
import { peakMb } from './soak.js';

export type HostileKind = 'many-emails' | 'huge-article' | 'deep-html' | 'many-articles';

export interface HostileSizes {
  emails: number;
  emailChars: number;
  articleChars: number;
  depth: number;
  /** many-articles: how many (short) articles the ticket has. */
  articles: number;
}

/** The tickets: 16 e-mails of 10 MB, one 150 MB article, HTML 100,000 levels deep; 20,000 articles. */
export const FULL_SIZES: HostileSizes = {
  emails: 16,
  emailChars: 10_000_000,
  articleChars: 150_000_000,
  depth: 100_000,
  articles: 20_000,
};

export interface Hostile {
  kind: HostileKind;
  ticketId: number;
  articleIds: number[];
}

type AddHostile = (
  store: Sandbox['store'],
  kind: Exclude<HostileKind, 'many-articles'>,
  o: { emails?: number; emailChars?: number; articleChars?: number; depth?: number },
) => { ticket: { id: number }; articles: Array<{ id: number }> };

/** The sandbox's generator of hostile tickets, when this sandbox has one. */
export const sandboxHostile = (sandboxModule as unknown as Record<string, unknown>).addHostileTicket as
  AddHostile | undefined;

export function addHostile(sb: Sandbox, kind: HostileKind, s: HostileSizes): Hostile {
  if (kind === 'many-articles') return manyArticles(sb, s.articles);
  if (sandboxHostile) {
    const h = sandboxHostile(sb.store, kind, s);
    return { kind, ticketId: h.ticket.id, articleIds: h.articles.map((a) => a.id) };
  }
  const ticket = [...sb.store.tickets.values()]
    .reverse()
    .find((t) => t.group_id === 1 && !t.title.startsWith('Hostile'));
  if (!ticket) throw new Error('no ticket to make hostile');
  ticket.title = `Hostile ticket (${kind})`;
  const line = 'Grüße — this line repeats to fill a very large customer e-mail body.\n';
  const bodies =
    kind === 'many-emails'
      ? Array.from({ length: s.emails }, (_, i) =>
          `${i} ${line}`.repeat(Math.ceil(s.emailChars / line.length)),
        )
      : kind === 'huge-article'
        ? [line.repeat(Math.ceil(s.articleChars / line.length))]
        : [`${'<div>'.repeat(s.depth)}${'Deep inside. '.repeat(100)}${'</div>'.repeat(s.depth)}`];
  const articleIds = bodies.map(
    (body, i) =>
      sb.store.addArticle({
        ticket_id: ticket.id,
        body,
        type: 'email',
        sender: 'Customer',
        content_type: kind === 'deep-html' ? 'text/html' : 'text/plain',
        subject: `Large message ${i + 1}`,
      }).id,
  );
  return { kind, ticketId: ticket.id, articleIds };
}

/** A ticket with `count` short articles (a long-running conversation, or a mail loop). */
function manyArticles(sb: Sandbox, count: number): Hostile {
  const ticket = [...sb.store.tickets.values()].find(
    (t) => t.group_id === 1 && !t.title.startsWith('Hostile'),
  );
  if (!ticket) throw new Error('no ticket to make hostile');
  ticket.title = 'Hostile ticket (many-articles)';
  const articleIds: number[] = [];
  for (let i = 0; i < count; i++)
    articleIds.push(
      sb.store.addArticle({
        ticket_id: ticket.id,
        body: `Automatic reply ${i}: your message was received. This loop goes on.`,
        type: 'email',
        sender: i % 2 ? 'Customer' : 'System',
        subject: `Re: loop ${i}`,
      }).id,
    );
  return { kind: 'many-articles', ticketId: ticket.id, articleIds };
}

export interface HostileRead {
  kind: HostileKind;
  call: string;
  outcome: 'ok' | 'error' | 'hang' | 'crash';
  ms: number;
  chars: number;
  message: string;
  rssAfterMb: number;
}

export interface HostileFigures {
  reads: HostileRead[];
  crashes: number;
  hangs: number;
  nonJsonLines: number;
  stdioRssStartMb: number;
  stdioRssAfterMb: number;
  stdioPeakMb: number;
  httpPeakMb: number;
  httpRssAfterMb: number;
  httpOutcomes: string[];
  /** Fresh stdio servers started after a crash, so one crash does not hide the next. */
  restarts: number;
  problems: string[];
}

function summary(a: Answer | 'hang' | 'exit'): Pick<HostileRead, 'outcome' | 'chars' | 'message'> {
  if (a === 'hang' || a === 'exit')
    return { outcome: a === 'hang' ? 'hang' : 'crash', chars: 0, message: '' };
  const r = a.result as
    | { isError?: boolean; content?: Array<{ text?: string }>; contents?: Array<{ text?: string }> }
    | undefined;
  const text = [...(r?.content ?? []), ...(r?.contents ?? [])].map((c) => c.text ?? '').join('\n');
  const error = a.error !== undefined || r?.isError === true;
  return {
    outcome: error ? 'error' : 'ok',
    chars: text.length,
    message: (
      a.error?.message ??
      (error ? text : (text.split('\n').find((l) => /cut|omitted|too large|limit/i.test(l)) ?? ''))
    ).slice(0, 200),
  };
}

export interface HostileOptions {
  sb: Sandbox;
  tickets: Hostile[];
  /** How long one read may take before it counts as a hang (default 60 s: 150 MB cross loopback). */
  boundMs?: number;
  http?: boolean;
}

export async function readHostile(o: HostileOptions): Promise<HostileFigures> {
  const bound = o.boundMs ?? 60_000;
  const env = {
    ZAMMAD_URL: o.sb.url,
    ZAMMAD_HTTP_TOKEN: o.sb.credentials.admin.token,
    ZAMMAD_TIMEOUT_MS: String(bound),
  };
  const f: HostileFigures = {
    reads: [],
    crashes: 0,
    hangs: 0,
    nonJsonLines: 0,
    stdioRssStartMb: NaN,
    stdioRssAfterMb: NaN,
    stdioPeakMb: NaN,
    httpPeakMb: NaN,
    httpRssAfterMb: NaN,
    httpOutcomes: [],
    restarts: 0,
    problems: [],
  };
  let peer = new StdioPeer(env);
  let n = 0;
  try {
    await peer.initialize();
    f.stdioRssStartMb = peer.rss();
    for (const h of o.tickets) {
      const calls: Array<[string, string, Record<string, unknown>]> = [
        [
          'get_ticket',
          'tools/call',
          { name: 'get_ticket', arguments: { ticket_id: h.ticketId, articles: 2 } },
        ],
        [
          'list_ticket_articles',
          'tools/call',
          { name: 'list_ticket_articles', arguments: { ticket_id: h.ticketId, limit: 2 } },
        ],
        [
          'get_ticket_article',
          'tools/call',
          { name: 'get_ticket_article', arguments: { article_id: h.articleIds[h.articleIds.length - 1] } },
        ],
        ['resources/read', 'resources/read', { uri: `zammad://ticket/${h.ticketId}` }],
      ];
      for (const [label, method, params] of calls) {
        const started = performance.now();
        const a = await peer.request({ id: `h-${(n += 1)}`, method, params }, bound);
        const read: HostileRead = {
          kind: h.kind,
          call: label,
          ms: performance.now() - started,
          ...summary(a),
          rssAfterMb: peer.rss(),
        };
        f.reads.push(read);
        if (read.outcome === 'hang') f.hangs += 1;
        if (read.outcome === 'crash') {
          f.crashes += 1;
          f.problems.push(
            `${label} on ${h.kind}: the server exited ${JSON.stringify(peer.exit)} ${peer.stderr().slice(-300)}`,
          );
          // Measure the rest on a fresh server: one crash should not hide the next.
          peer = new StdioPeer(env);
          f.restarts += 1;
          await peer.initialize();
        }
      }
    }
    f.stdioRssAfterMb = peer.rss();
    f.stdioPeakMb = peakMb(peer.pid);
  } finally {
    f.nonJsonLines += peer.nonJson.length;
    await peer.stop();
  }
  if (o.http) await readOverHttp(o, f, bound);
  return f;
}

/** 8 concurrent get_ticket of the first hostile ticket over HTTP: peak and after. */
async function readOverHttp(o: HostileOptions, f: HostileFigures, bound: number): Promise<void> {
  const key = generateKey();
  const http = new HttpPeer({
    ZAMMAD_URL: o.sb.url,
    ZAMMAD_HTTP_TOKEN: o.sb.credentials.admin.token,
    ZAMMAD_TIMEOUT_MS: String(bound),
    MCP_API_KEYS: keyLine('hostile', key),
    MCP_RATE_LIMIT_PER_MINUTE: '0',
  });
  try {
    const url = await http.ready();
    const headers = {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: `Bearer ${key}`,
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
      'mcp-name': 'get_ticket',
    };
    const h = o.tickets[0];
    const body = (i: number): string =>
      JSON.stringify({
        jsonrpc: '2.0',
        id: `hh-${i}`,
        method: 'tools/call',
        params: {
          name: 'get_ticket',
          arguments: { ticket_id: h?.ticketId, articles: 2 },
          _meta: {
            'io.modelcontextprotocol/protocolVersion': '2026-07-28',
            'io.modelcontextprotocol/clientInfo': { name: 'hostile', version: '1' },
            'io.modelcontextprotocol/clientCapabilities': {},
          },
        },
      });
    const replies = await Promise.all(
      Array.from({ length: 8 }, (_, i) => send(url, body(i), headers, 'POST', bound)),
    );
    f.httpOutcomes = replies.map((r) =>
      r === 'hang' ? 'hang' : r instanceof Error ? `error ${r.message}` : `HTTP ${r.status}`,
    );
    f.httpPeakMb = peakMb(http.pid);
    f.httpRssAfterMb = rssMb(http.pid);
    // A process that is gone (or a zombie) has no resident set: it died during the reads.
    if (!http.alive || Number.isNaN(f.httpRssAfterMb)) {
      f.crashes += 1;
      f.problems.push(`the HTTP server exited: ${JSON.stringify(http.exit)} ${http.stderr().slice(-300)}`);
    }
    f.hangs += replies.filter((r) => r === 'hang').length;
  } finally {
    await http.stop();
  }
}
