/**
 * Privacy, assembled once per process: the pseudonymizer (MCP_PSEUDONYMIZE) and the article review
 * (spoofing warnings always; lockdown with MCP_LOCKDOWN), both installed into the Zammad client. The
 * server's output path asks `Privacy` to shield what the model sees and to resolve the tokens the model
 * sends back (src/server/output.ts, src/server/pipeline.ts); docs/security.md describes the result.
 */
import { randomBytes } from 'node:crypto';
import type { CountryCode } from 'libphonenumber-js/max';
import type { Logger } from '../log.js';
import type { ZammadClient } from '../zammad/client.js';
import { isPhoneRegion, loadPhoneNumbers } from './phones.js';
import { Pseudonymizer } from './pseudonymizer.js';
import { ArticleReview, type ReviewOptions } from './review.js';

export { loadPhoneNumbers } from './phones.js';
export { Pseudonymizer } from './pseudonymizer.js';
export { ArticleReview, warningOf } from './review.js';
export { TOKEN_PATTERN } from './tokens.js';

/** The shape of the configuration's `privacy` (src/config/privacy.ts). */
export interface PrivacyOptions {
  pseudonymize: boolean;
  pseudonymKey?: string | undefined;
  pseudonymizeAgents: boolean;
  keepDomains: readonly string[];
  phoneRegion?: string | undefined;
  lockdown: boolean;
  trustedSenderDomains: readonly string[];
}

/** A tool result as MCP carries it: only what the model reads is touched. */
interface ContentItem {
  type: string;
  text?: string;
  [k: string]: unknown;
}

export class Privacy {
  constructor(
    /** Undefined: pseudonymization is off. */
    readonly pseudonyms: Pseudonymizer | undefined,
    private readonly reviewOptions: ReviewOptions,
  ) {}

  /**
   * Installs the article review and the pseudonymizer's learning into a Zammad client: the app's
   * and every principal's own (MCP_ZAMMAD_TOKENS_FILE, act-as), each reviewed with its own reads.
   */
  attach(zammad: ZammadClient): void {
    const pseudonyms = this.pseudonyms;
    if (pseudonyms) zammad.observe((body) => pseudonyms.identities.observe(body));
    zammad.articlesApi.guard = new ArticleReview(
      {
        ticket: (id, signal) => zammad.ticket(id, signal),
        fetchArticle: (id, signal) => zammad.articlesApi.fetchArticle(id, signal),
        articleSource: (id, maxBytes, signal) => zammad.articleSource(id, maxBytes, signal),
      },
      this.reviewOptions,
      pseudonyms ? (a) => pseudonyms.identities.observe(a) : undefined,
    );
  }

  get on(): boolean {
    return this.pseudonyms !== undefined;
  }

  /** Text the model will read. */
  text(s: string): string {
    return this.pseudonyms ? this.pseudonyms.text(s) : s;
  }

  /** Every string of a JSON value the model will read. */
  deep<T>(v: T): T {
    return this.pseudonyms ? this.pseudonyms.deep(v) : v;
  }

  /** The model's arguments with tokens resolved (a UserInputError for a token this process never made). */
  resolveArgs<T>(args: T): T {
    return this.pseudonyms ? this.pseudonyms.resolveArgs(args) : args;
  }

  /**
   * A tool result for the model: its text, embedded text resources and structured content
   * pseudonymized. An image or binary resource cannot be, so with pseudonymization on it is replaced
   * by a line saying so. A result without `content` (input_required: the human's confirmation form,
   * which shows the real recipient) is returned as it is.
   */
  result<R>(r: R): R {
    const p = this.pseudonyms;
    if (!p || !r || typeof r !== 'object' || !('content' in r)) return r;
    const x = r as { content: ContentItem[]; structuredContent?: unknown };
    const content = x.content.map((c): ContentItem => {
      if (c.type === 'text' && typeof c.text === 'string') return { ...c, text: p.text(c.text) };
      const res = c.resource as { text?: unknown; blob?: unknown } | undefined;
      if (c.type === 'resource' && res && typeof res.text === 'string')
        return { ...c, resource: { ...res, text: p.text(res.text) } };
      return {
        type: 'text',
        text: `(${c.type === 'image' ? 'An image' : 'A binary file'} was withheld: pseudonymization is on (MCP_PSEUDONYMIZE) and its content cannot be pseudonymized. A person can open it in Zammad.)`,
      };
    });
    return {
      ...r,
      content,
      ...(x.structuredContent !== undefined ? { structuredContent: p.deep(x.structuredContent) } : {}),
    };
  }
}

/**
 * Builds the process's privacy from its settings and installs it into the Zammad client. Rejects
 * when MCP_PSEUDONYM_PHONE_REGION names a country libphonenumber does not know.
 */
export async function installPrivacy(zammad: ZammadClient, o: PrivacyOptions): Promise<{ privacy: Privacy }> {
  let pseudonyms: Pseudonymizer | undefined;
  if (o.pseudonymize) {
    await loadPhoneNumbers();
    if (o.phoneRegion && !isPhoneRegion(o.phoneRegion))
      throw new Error(
        `MCP_PSEUDONYM_PHONE_REGION "${o.phoneRegion}" is not a country libphonenumber knows (e.g. DE, US, GB), or "none".`,
      );
    pseudonyms = new Pseudonymizer({
      key: o.pseudonymKey ? Buffer.from(o.pseudonymKey, 'utf8') : randomBytes(32),
      pseudonymizeAgents: o.pseudonymizeAgents,
      keepDomains: o.keepDomains,
      phoneRegion: o.phoneRegion as CountryCode | undefined,
    });
  }
  const privacy = new Privacy(pseudonyms, {
    lockdown: o.lockdown,
    trustedSenderDomains: o.trustedSenderDomains,
  });
  privacy.attach(zammad);
  return { privacy };
}

/**
 * A logger whose info, warn and error lines carry tokens instead of customers' addresses, numbers
 * and names (debug lines keep the real values, for an operator chasing a problem).
 */
export function pseudonymizingLogger(inner: Logger, privacy: Privacy): Logger {
  if (!privacy.on) return inner;
  const shield = (f?: Record<string, unknown>): Record<string, unknown> | undefined =>
    f ? privacy.deep(f) : f;
  return {
    debug: (msg, f) => inner.debug(msg, f),
    info: (msg, f) => inner.info(privacy.text(msg), shield(f)),
    warn: (msg, f) => inner.warn(privacy.text(msg), shield(f)),
    error: (msg, f) => inner.error(privacy.text(msg), shield(f)),
    child: (f) => pseudonymizingLogger(inner.child(privacy.deep(f)), privacy),
  };
}
