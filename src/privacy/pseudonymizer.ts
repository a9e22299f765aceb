/**
 * The pseudonymizer: what the model sees, with customers' e-mail addresses, phone numbers and names
 * replaced by stable tokens (tokens.ts), and what the model writes back, with tokens replaced by the
 * real values. One instance per process, shared by every server: what one read learned, every
 * later call can resolve.
 *
 * Kept readable: agents' addresses, numbers and names (MCP_PSEUDONYMIZE_AGENTS=false, the default),
 * addresses of the domains in MCP_PSEUDONYM_KEEP_DOMAINS (the team's own), and tokens themselves.
 */
import type { CountryCode } from 'libphonenumber-js/max';
import { UserInputError } from '../errors.js';
import { findEmails, type Found } from './emails.js';
import { Identities } from './identities.js';
import { findPhones } from './phones.js';
import { TOKEN_PATTERN, Tokenizer, type PseudonymKind } from './tokens.js';

export interface PseudonymOptions {
  key: Buffer;
  /** Agents are pseudonymized too (default: they stay readable). */
  pseudonymizeAgents: boolean;
  /** E-mail domains that stay readable (lower case), e.g. the support team's own. */
  keepDomains: readonly string[];
  /** The region national phone numbers are read in (e.g. "DE"); undefined: international only. */
  phoneRegion: CountryCode | undefined;
}

interface Span extends Found {
  kind: PseudonymKind;
}

const CAPITALIZED = /^\p{Lu}/u;
const LETTER = /[\p{L}\p{M}]/u;

interface Word {
  start: number;
  end: number;
}

/** Letters (and ' ’ - inside a word): a loop over char codes, the regex only for non-ASCII. */
function isLetter(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return LETTER.test(text[i] as string);
}

function wordsIn(text: string): Word[] {
  const out: Word[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (!isLetter(text, i)) {
      i++;
      continue;
    }
    const start = i;
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 39 || c === 0x2019 || c === 45 || isLetter(text, i)) i++;
      else break;
    }
    out.push({ start, end: i });
  }
  return out;
}

export class Pseudonymizer {
  readonly identities: Identities;
  private readonly tokens: Tokenizer;

  constructor(private readonly o: PseudonymOptions) {
    this.identities = new Identities({
      pseudonymizeAgents: o.pseudonymizeAgents,
      kept: (email) => this.keepEmail(email),
    });
    this.tokens = new Tokenizer(o.key);
  }

  /** The token of a value, as the model would see it (for tests and the bench). */
  tokenOf(kind: PseudonymKind, value: string): string {
    return this.tokens.token(kind, value);
  }

  /** The real value behind a token this process made, or undefined. */
  resolve(token: string): string | undefined {
    return this.tokens.resolve(token);
  }

  /** `text` with every customer address, number and name replaced by its token. */
  text(input: string): string {
    if (input.length < 3) return input;
    const text = input.normalize('NFC');
    const spans: Span[] = [];
    // Cheap first tests: no "@" or "at" means no address; fewer than 7 digits means no number.
    if (text.includes('@') || text.includes('at') || text.includes('AT') || text.includes('At'))
      for (const f of findEmails(text)) if (!this.keepEmail(f.value)) spans.push({ ...f, kind: 'email' });
    if (hasDigits(text, 7))
      for (const f of findPhones(text, this.o.phoneRegion))
        if (!this.identities.isAgentPhone(f.value) && !overlaps(spans, f))
          spans.push({ ...f, kind: 'phone' });
    for (const f of this.findNames(text)) if (!overlaps(spans, f)) spans.push({ ...f, kind: 'name' });
    if (spans.length === 0) return text;
    spans.sort((a, b) => a.start - b.start);
    let out = '';
    let at = 0;
    for (const s of spans) {
      if (s.start < at) continue;
      out += text.slice(at, s.start) + this.tokens.token(s.kind, s.value);
      at = s.end;
    }
    return out + text.slice(at);
  }

  /** Every string in a JSON value (structured content), keys kept. */
  deep<T>(value: T): T {
    return this.walk(value, 0, new Map()) as T;
  }

  /** `seen`: the strings of this value done already (a sender repeats on every article). */
  private walk(v: unknown, depth: number, seen: Map<string, string>): unknown {
    if (typeof v === 'string') {
      let done = seen.get(v);
      if (done === undefined) seen.set(v, (done = this.text(v)));
      return done;
    }
    if (depth > 64 || !v || typeof v !== 'object') return v;
    if (v instanceof Error) return { name: v.name, message: this.text(v.message) };
    if (Array.isArray(v)) return v.map((x) => this.walk(x, depth + 1, seen));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = this.walk(x, depth + 1, seen);
    return out;
  }

  /**
   * The model's arguments with every token replaced by its real value, so a tool reaches Zammad with
   * the real address. A token this process never made is refused: it would reach Zammad as text.
   */
  resolveArgs<T>(args: T): T {
    return this.resolveWalk(args, 0) as T;
  }

  private resolveWalk(v: unknown, depth: number): unknown {
    if (typeof v === 'string') return this.resolveText(v);
    if (depth > 64 || !v || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => this.resolveWalk(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = this.resolveWalk(x, depth + 1);
    return out;
  }

  resolveText(s: string): string {
    if (!s.includes('_')) return s;
    return s.replace(TOKEN_PATTERN, (token) => {
      const real = this.tokens.resolve(token);
      if (real === undefined)
        throw new UserInputError(
          `${token} is not a pseudonym this server knows (pseudonyms are learned when a read shows them; after a restart without MCP_PSEUDONYM_KEY they change). Read the ticket or search the user again, then use the token it shows.`,
        );
      return real;
    });
  }

  private keepEmail(email: string): boolean {
    if (this.identities.isAgentEmail(email)) return true;
    const domain = email.slice(email.lastIndexOf('@') + 1);
    return this.o.keepDomains.some((d) => domain === d || domain.endsWith(`.${d}`));
  }

  /** Known customer names (full, or a capitalized first or last name) and non-e-mail logins. */
  private findNames(text: string): Found[] {
    const out: Found[] = [];
    const words = wordsIn(text);
    const lower = (w: Word): string => text.slice(w.start, w.end).toLowerCase();
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as Word;
      // Most words cannot start a known name: their first letter already says so, no string made.
      if (!this.identities.mayStartName(text[w.start] as string)) continue;
      const candidates = this.identities.namesStartingWith(lower(w));
      if (!candidates) continue;
      let best: { end: number; n: number } | undefined;
      for (const c of candidates) {
        const parts = c.split(' ');
        if (best && parts.length <= best.n) continue;
        if (parts.length === 1 && !CAPITALIZED.test(text[w.start] as string)) continue;
        let ok = true;
        for (let k = 1; k < parts.length && ok; k++) {
          const next = words[i + k];
          const prev = words[i + k - 1] as Word;
          ok =
            next !== undefined &&
            lower(next) === parts[k] &&
            /^[\s\u00a0]+$/.test(text.slice(prev.end, next.start));
        }
        if (ok) best = { end: (words[i + parts.length - 1] as Word).end, n: parts.length };
      }
      if (best) {
        out.push({ start: w.start, end: best.end, value: text.slice(w.start, best.end) });
        i += best.n - 1;
      }
    }
    for (const login of this.identities.loginList) {
      let at = text.toLowerCase().indexOf(login);
      while (at !== -1) {
        const end = at + login.length;
        const boundary =
          !/[\p{L}\p{N}]/u.test(text[at - 1] ?? ' ') && !/[\p{L}\p{N}]/u.test(text[end] ?? ' ');
        if (boundary && !out.some((f) => f.start < end && at < f.end))
          out.push({ start: at, end, value: login });
        at = text.toLowerCase().indexOf(login, end);
      }
    }
    return out;
  }
}

function hasDigits(text: string, n: number): boolean {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57 && ++count >= n) return true;
  }
  return false;
}

function overlaps(spans: readonly Found[], f: Found): boolean {
  return spans.some((s) => s.start < f.end && f.start < s.end);
}
