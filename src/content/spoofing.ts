/**
 * The mail headers that matter for a phishing check, read from a raw RFC 5322 source, and the one-line
 * spoofing warning. Pure: no I/O, no sanitizing (the caller's output still goes through sanitizeText).
 *
 * Parsing: the header block ends at the first empty line (CRLF or LF); folded lines are joined
 * (RFC 5322 §2.2.3); names are case-insensitive. Addresses go through postal-mime's address parser
 * (comments, quoted names, angle brackets, groups, encoded words); the Subject's encoded words are
 * decoded. Bounded: at most HEADER_BLOCK_MAX characters of header are read, each kept value is cut to
 * VALUE_MAX characters, and repeated headers keep at most REPEAT_MAX values.
 *
 * The warning's decisions:
 * - Domains are compared by registrable domain (public suffix list, private suffixes included, via
 *   tldts) after IDN → punycode and lower-casing: `mail.example.com` and `example.com` are one
 *   organisation; `a.github.io` and `b.github.io` are not; `example.co.uk` and `example.com` are not.
 *   A host without a known suffix (`localhost`, an IP literal) is compared whole.
 * - It warns when a Reply-To or the Return-Path is at another registrable domain than the From; a
 *   null Return-Path (`<>`, bounces) is no domain and not compared.
 * - It warns on any Authentication-Results that reports spf=fail/softfail, dkim=fail or dmarc=fail.
 *   A sender can plant its own Authentication-Results: a planted "pass" never hides a warning (passes
 *   are not read), a planted "fail" at worst raises one. Comments are removed first, so a
 *   "(spf=fail)" inside a comment is not a result.
 * - It also warns when there is more than one From header, or when the From's display name shows an
 *   address at another domain ("service@paypal.com" <x@evil.example>).
 * The domains in the line are shown in punycode, which makes a look-alike (pаypal.com with a Cyrillic
 * а → xn--pypal-4ve.com) visible.
 */
import { domainToASCII } from 'node:url';
import { addressParser, decodeWords } from 'postal-mime';
import { getDomain } from 'tldts';

export const HEADER_BLOCK_MAX = 256 * 1024;
export const VALUE_MAX = 2_000;
export const REPEAT_MAX = 50;

export interface MailAddress {
  name: string;
  address: string;
}

export interface MailHeaders {
  /** Every From header's mailboxes (more than one From header is itself a warning sign). */
  from: MailAddress[];
  /** The From header values as written (one per From header). */
  fromValues: string[];
  replyTo: MailAddress[];
  /** The Return-Path address; '' for the null sender `<>`. */
  returnPath?: string;
  /** Newest (topmost) first, as in the message. */
  received: string[];
  authenticationResults: string[];
  messageId?: string;
  subject?: string;
  date?: string;
  /** X-Spam-* headers, names as written. */
  spam: { name: string; value: string }[];
}

export interface RawHeader {
  name: string;
  value: string;
}

/** Splits a raw message into its header block and body (the body is everything after the first empty line). */
export function splitMessage(raw: string): { header: string; body: string } {
  const m = /\r?\n\r?\n/.exec(raw.length > HEADER_BLOCK_MAX ? raw.slice(0, HEADER_BLOCK_MAX) : raw);
  if (!m) {
    // No empty line within the bound: a message of headers only (or a header block past the bound).
    return raw.length > HEADER_BLOCK_MAX
      ? { header: raw.slice(0, HEADER_BLOCK_MAX), body: '' }
      : { header: raw, body: '' };
  }
  return { header: raw.slice(0, m.index), body: raw.slice(m.index + m[0].length) };
}

/** The header fields of a header block in order, folded lines joined. Lines that are no field are skipped. */
export function readHeaderFields(header: string): RawHeader[] {
  const out: RawHeader[] = [];
  for (const line of header.split(/\r?\n/)) {
    const last = out[out.length - 1];
    if (/^[ \t]/.test(line)) {
      if (last && last.value.length < VALUE_MAX * 2) last.value += ' ' + line.trim();
      continue;
    }
    // An mbox "From " separator line or anything without a colon is not a field.
    const m = /^([\x21-\x39\x3b-\x7e]+)[ \t]*:(.*)$/.exec(line);
    if (m) out.push({ name: m[1]!, value: m[2]!.trim() });
  }
  return out;
}

const clip = (s: string): string => (s.length > VALUE_MAX ? s.slice(0, VALUE_MAX) + '…' : s);

function mailboxes(value: string): MailAddress[] {
  const out: MailAddress[] = [];
  for (const a of addressParser(value, { flatten: true })) {
    if (typeof a.address === 'string') out.push({ name: clip(a.name), address: clip(a.address) });
  }
  return out;
}

/** The phishing-relevant headers of a raw RFC 5322 message. */
export function parseMailHeaders(raw: string): MailHeaders {
  const fields = readHeaderFields(splitMessage(raw).header);
  const h: MailHeaders = {
    from: [],
    fromValues: [],
    replyTo: [],
    received: [],
    authenticationResults: [],
    spam: [],
  };
  for (const { name, value } of fields) {
    const key = name.toLowerCase();
    if (key === 'from') {
      if (h.fromValues.length < REPEAT_MAX) {
        h.fromValues.push(clip(value));
        h.from.push(...mailboxes(value));
      }
    } else if (key === 'reply-to') {
      if (h.replyTo.length < REPEAT_MAX) h.replyTo.push(...mailboxes(value));
    } else if (key === 'return-path') {
      h.returnPath ??= mailboxes(value)[0]?.address ?? '';
    } else if (key === 'received') {
      if (h.received.length < REPEAT_MAX) h.received.push(clip(value));
    } else if (key === 'authentication-results') {
      if (h.authenticationResults.length < REPEAT_MAX) h.authenticationResults.push(clip(value));
    } else if (key === 'message-id') {
      h.messageId ??= clip(value);
    } else if (key === 'subject') {
      h.subject ??= clip(decodeWords(value));
    } else if (key === 'date') {
      h.date ??= clip(value);
    } else if (key.startsWith('x-spam-')) {
      if (h.spam.length < REPEAT_MAX) h.spam.push({ name, value: clip(value) });
    }
  }
  h.from = h.from.slice(0, REPEAT_MAX);
  h.replyTo = h.replyTo.slice(0, REPEAT_MAX);
  return h;
}

/** Removes RFC 5322 comments (nested parentheses, quoted strings and backslash escapes respected). */
export function stripComments(value: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\') {
      if (depth === 0) out += c + (value[i + 1] ?? '');
      i++;
    } else if (quoted) {
      out += c;
      if (c === '"') quoted = false;
    } else if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (depth === 0) {
      out += c;
      if (c === '"') quoted = true;
    }
  }
  return out;
}

export interface AuthResult {
  method: 'spf' | 'dkim' | 'dmarc';
  result: string;
}

/** The spf/dkim/dmarc results of Authentication-Results values (RFC 8601), comments removed. */
export function readAuthResults(values: readonly string[]): AuthResult[] {
  const out: AuthResult[] = [];
  for (const value of values) {
    // The first element is the authserv-id (and optional version); the results follow, ';'-separated.
    for (const part of stripComments(value).split(';').slice(1)) {
      const m = /^\s*(spf|dkim|dmarc)\s*=\s*([a-z]+)/i.exec(part);
      if (m) out.push({ method: m[1]!.toLowerCase() as AuthResult['method'], result: m[2]!.toLowerCase() });
    }
  }
  return out;
}

const FAILING: Record<AuthResult['method'], readonly string[]> = {
  spf: ['fail', 'softfail'],
  dkim: ['fail'],
  dmarc: ['fail'],
};

/** The host of an address or a bare domain, lower-cased, IDN in punycode, without a trailing dot. */
export function normalizeDomain(addressOrDomain: string): string | undefined {
  const at = addressOrDomain.lastIndexOf('@');
  let host = (at >= 0 ? addressOrDomain.slice(at + 1) : addressOrDomain).trim().replace(/>$/, '');
  host = host.replace(/\.$/, '').toLowerCase();
  if (!host) return undefined;
  if (host.startsWith('[')) return host; // an address literal
  const ascii = domainToASCII(host);
  // domainToASCII answers '' for what is no valid host: keep a printable stand-in, never the raw bytes.
  return ascii || host.replace(/[^a-z0-9.\-_]/g, '?').slice(0, 100);
}

/** The registrable domain ("organisation") of an address or domain; the whole host when no public suffix applies. */
export function registrableDomain(addressOrDomain: string): string | undefined {
  const host = normalizeDomain(addressOrDomain);
  if (!host) return undefined;
  if (host.startsWith('[')) return host;
  return getDomain(host, { allowPrivateDomains: true }) ?? host;
}

export interface SpoofingInput {
  /** The From header value (or several, one per From header), or a bare address. */
  from: string | readonly string[];
  replyTo?: string | readonly string[] | undefined;
  returnPath?: string | undefined;
  authenticationResults?: string | readonly string[] | undefined;
}

const list = (v: string | readonly string[] | undefined): readonly string[] =>
  v === undefined ? [] : typeof v === 'string' ? [v] : v;

const addressesOf = (values: readonly string[]): MailAddress[] => values.flatMap((v) => mailboxes(v));

/** One line naming every sign of spoofing found, or undefined when there is none. */
export function spoofingWarning(input: SpoofingInput): string | undefined {
  const reasons: string[] = [];
  const fromValues = list(input.from);
  const from = addressesOf(fromValues);
  if (fromValues.length > 1) reasons.push(`${fromValues.length} From headers`);
  const fromDomain = from[0] ? registrableDomain(from[0].address) : undefined;
  if (fromDomain) {
    const others = new Set(from.slice(1).map((a) => registrableDomain(a.address)));
    others.delete(fromDomain);
    others.delete(undefined);
    if (others.size > 0) reasons.push(`From also names ${[...others].join(', ')}`);
    const named = /[^\s<>"'@]+@([^\s<>"'@,;]+)/.exec(from[0]?.name ?? '');
    const nameDomain = named ? registrableDomain(named[1]!) : undefined;
    if (nameDomain && nameDomain !== fromDomain) {
      reasons.push(`From name shows an address at ${nameDomain}`);
    }
    for (const r of addressesOf(list(input.replyTo))) {
      const d = registrableDomain(r.address);
      if (d && d !== fromDomain) {
        reasons.push(`Reply-To domain ${d} differs from From domain ${fromDomain}`);
        break;
      }
    }
    const rp = input.returnPath === undefined ? undefined : mailboxes(input.returnPath)[0]?.address;
    const rpDomain = rp ? registrableDomain(rp) : undefined;
    if (rpDomain && rpDomain !== fromDomain) {
      reasons.push(`Return-Path domain ${rpDomain} differs from From domain ${fromDomain}`);
    }
  } else if (list(input.replyTo).length > 0 || input.returnPath) {
    reasons.push('From has no readable address');
  }
  const failed = new Set(
    readAuthResults(list(input.authenticationResults))
      .filter((r) => FAILING[r.method].includes(r.result))
      .map((r) => `${r.method}=${r.result}`),
  );
  if (failed.size > 0) reasons.push(`Authentication-Results: ${[...failed].join(', ')}`);
  return reasons.length > 0 ? `Possible spoofing: ${reasons.join('; ')}.` : undefined;
}

/** spoofingWarning for a parsed message. */
export function spoofingWarningOf(h: MailHeaders): string | undefined {
  return spoofingWarning({
    from: h.fromValues,
    replyTo: h.replyTo.map((a) => `<${a.address}>`),
    returnPath: h.returnPath === undefined ? undefined : `<${h.returnPath}>`,
    authenticationResults: h.authenticationResults,
  });
}

/** `Name <address>` or `address`. */
export function formatMailbox(a: MailAddress): string {
  return a.name ? `${JSON.stringify(a.name)} <${a.address}>` : `<${a.address}>`;
}
