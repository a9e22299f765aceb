/**
 * Every article the Zammad client hands out passes here (ArticleGuard, src/zammad/articles.ts):
 *
 * - in every mode, an article whose record shows a spoofing signal (a Reply-To at another domain than
 *   the From, as Zammad's article record has them) gets a one-line warning before its body;
 * - in lockdown (MCP_LOCKDOWN), an article whose sender is neither the ticket's customer, nor an
 *   agent (or Zammad itself), nor at a domain of MCP_TRUSTED_SENDER_DOMAINS — or that shows spoofing
 *   signals — has its subject, body and attachments withheld: the model sees its metadata and one
 *   line saying why; the attachments cannot be downloaded. A person reads it in Zammad.
 * - in lockdown, an email article that would be shown and is not an agent's (the customer's, a
 *   trusted domain's) also has its raw headers read (`GET /ticket_article_plain/{id}`, the first
 *   HEADER_BYTES, one request per such article per call) and checked by content/spoofing.ts: a
 *   Return-Path at another domain, an Authentication-Results failure, … withhold it with the warning.
 *   No raw source (204) keeps the decision; a failed read withholds it (fail closed).
 */
import {
  parseMailHeaders,
  registrableDomain,
  spoofingWarning,
  spoofingWarningOf,
} from '../content/spoofing.js';
import { PolicyError } from '../errors.js';
import type { ArticleGuard, BoundedArticle, RawSource } from '../zammad/client.js';
import type { Signal } from '../zammad/core.js';
import { ARTICLE_TYPES } from '../zammad/reference.js';

export interface ReviewOptions {
  lockdown: boolean;
  /** Lower-case domains; a subdomain counts. */
  trustedSenderDomains: readonly string[];
}

/** What the review reads from Zammad: a ticket's customer, an article as Zammad has it. */
export interface ReviewSource {
  ticket(id: number, signal?: Signal): Promise<{ customer_id?: number | null | undefined }>;
  fetchArticle(id: number, signal?: Signal): Promise<BoundedArticle>;
  /** The first `maxBytes` of an article's raw email (empty when Zammad keeps none: 204). */
  articleSource(id: number, maxBytes: number, signal?: Signal): Promise<RawSource>;
}

/** Bytes of the raw source read in lockdown for the header check: the header block, not the body. */
export const HEADER_BYTES = 64 * 1024;

/** How long a ticket's customer is remembered between reads (a customer can be changed). */
const CUSTOMER_TTL_MS = 30_000;
const MAX_CACHED = 2_000;

const SPOOFED = 'it shows spoofing signals';
const UNVERIFIED = "could not verify the sender's headers";

const addressOf = (from: string): string | undefined =>
  (/<([^<>\s]+@[^<>\s]+)>/.exec(from)?.[1] ?? /[^\s<>"',;]+@[^\s<>"',;]+/.exec(from)?.[0])?.toLowerCase();

export class ArticleReview implements ArticleGuard {
  private readonly customers = new Map<number, { id: number | undefined; until: number }>();

  constructor(
    private readonly zammad: ReviewSource,
    private readonly o: ReviewOptions,
    /** Sees every article first (the pseudonymizer learns customers' display names). */
    private readonly onArticle?: (a: BoundedArticle) => void,
  ) {}

  async review(articles: BoundedArticle[], signal: Signal): Promise<BoundedArticle[]> {
    const out: BoundedArticle[] = [];
    for (const a of articles) {
      this.onArticle?.(a);
      const recorded = warningOf(a);
      const v = this.o.lockdown ? await this.untrusted(a, recorded, signal) : undefined;
      const warning = v?.warning ?? recorded;
      out.push(v ? withhold(a, v.why, warning) : warning ? annotate(a, warning) : a);
    }
    return out;
  }

  async attachable(ticketId: number, articleId: number, signal: Signal): Promise<void> {
    if (!this.o.lockdown) return;
    // The article as Zammad has it now, judged by the same rule as every read.
    const a = await this.zammad.fetchArticle(articleId, signal);
    if (a.ticket_id !== ticketId) return;
    const v = await this.untrusted(a, warningOf(a), signal);
    if (v)
      throw new PolicyError(
        `The attachments of article ${articleId} are withheld (MCP_LOCKDOWN): ${v.why}. A person can open them in Zammad.`,
      );
  }

  /**
   * Why the article is not trusted in lockdown (and the warning of its raw headers, when they were
   * read and show one), or undefined when it is trusted.
   */
  private async untrusted(
    a: BoundedArticle,
    warning: string | undefined,
    signal: Signal,
  ): Promise<{ why: string; warning?: string } | undefined> {
    if (warning) return { why: SPOOFED };
    const sender = a.sender ?? '';
    if (sender === 'Agent' || sender === 'System') return undefined;
    const customer = await this.customerOf(a.ticket_id, signal);
    const trusted = customer !== undefined && (a.created_by_id === customer || a.origin_by_id === customer);
    const address = addressOf(a.from ?? '');
    const domain = address?.slice(address.lastIndexOf('@') + 1);
    if (
      trusted ||
      (domain && this.o.trustedSenderDomains.some((d) => domain === d || domain.endsWith(`.${d}`)))
    )
      return this.headersOf(a, signal);
    return {
      why: address
        ? `its sender ${address} is neither the ticket's customer, nor an agent, nor at a trusted domain`
        : `its sender is neither the ticket's customer, nor an agent, nor at a trusted domain`,
    };
  }

  /**
   * The raw headers' verdict on an email article that would be shown: one request for the first
   * HEADER_BYTES. No raw source keeps it shown; a failed read, or a header block that does not end
   * within the bytes read, withholds it.
   */
  private async headersOf(
    a: BoundedArticle,
    signal: Signal,
  ): Promise<{ why: string; warning?: string } | undefined> {
    if ((a.type ?? ARTICLE_TYPES[a.type_id ?? 0]) !== 'email') return undefined;
    let src: RawSource;
    try {
      src = await this.zammad.articleSource(a.id, HEADER_BYTES, signal);
    } catch (e) {
      if (signal?.aborted) throw e;
      return { why: UNVERIFIED };
    }
    if (src.data.length === 0) return undefined;
    const raw = src.data.toString('utf8');
    if (src.truncated && !/\r?\n\r?\n/.test(raw)) return { why: UNVERIFIED };
    const warning = spoofingWarningOf(parseMailHeaders(raw));
    return warning ? { why: SPOOFED, warning } : undefined;
  }

  private async customerOf(ticketId: number, signal: Signal): Promise<number | undefined> {
    const now = Date.now();
    const hit = this.customers.get(ticketId);
    if (hit && hit.until > now) return hit.id;
    const t = await this.zammad.ticket(ticketId, signal);
    if (this.customers.size >= MAX_CACHED)
      this.customers.delete(this.customers.keys().next().value as number);
    const id = t.customer_id ?? undefined;
    this.customers.set(ticketId, { id, until: now + CUSTOMER_TTL_MS });
    return id;
  }
}

/** The spoofing warning of an article's headers as Zammad sends them, or undefined. */
export function warningOf(a: BoundedArticle): string | undefined {
  if (!a.from || !a.reply_to) return undefined;
  // Domains that do not parse are no signal here (spoofingWarning compares registrable domains).
  if (!registrableDomain(addressOf(a.from) ?? '') || !registrableDomain(addressOf(a.reply_to) ?? ''))
    return undefined;
  return spoofingWarning({ from: a.from, replyTo: a.reply_to });
}

const isHtml = (a: BoundedArticle): boolean => (a.content_type ?? '').toLowerCase().includes('html');
const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The warning as the first line of the body (of the first part of a long body). */
function annotate(a: BoundedArticle, warning: string): BoundedArticle {
  if (a.body_window && a.body_window.offset > 0) return a;
  const line = `⚠ ${warning}`;
  return { ...a, body: isHtml(a) ? `<p>${escapeHtml(line)}</p>${a.body}` : `${line}\n\n${a.body}` };
}

function withhold(a: BoundedArticle, why: string, warning: string | undefined): BoundedArticle {
  const n = a.attachments.length;
  const files = n === 0 ? '' : ` and its ${n === 1 ? 'attachment' : `${n} attachments`}`;
  const line = `[Body${files} withheld (MCP_LOCKDOWN): ${why}. A person can read it in Zammad.]`;
  const { body_window: _window, ...rest } = a;
  return {
    ...rest,
    subject: a.subject ? '(withheld)' : a.subject,
    content_type: 'text/plain',
    body: warning ? `⚠ ${warning}\n${line}` : line,
    withheld: why,
    // Ids, sizes and a plain MIME type stay (the article's shape); the names are the stranger's words.
    attachments: a.attachments.map((x, i) => {
      const type = x.preferences?.['Content-Type'];
      const plain =
        typeof type === 'string' && /^[\w.+-]+\/[\w.+-]+$/.test(type) ? { 'Content-Type': type } : {};
      return { id: x.id, filename: `withheld-${i + 1}`, size: x.size, preferences: plain };
    }),
  };
}
