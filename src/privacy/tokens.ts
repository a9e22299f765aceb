/**
 * Pseudonym tokens: `email_xxxxxxxx`, `phone_xxxxxxxx`, `name_xxxxxxxx`, eight lowercase hex of an
 * HMAC-SHA256 under the pseudonym key over the kind and the normalized value. The same value under
 * the same key is the same token in every process (replicas sharing MCP_PSEUDONYM_KEY agree); another
 * key gives other tokens. The reverse map (token → real value) holds what this process has replaced.
 */
import { createHmac } from 'node:crypto';

export type PseudonymKind = 'email' | 'phone' | 'name';

/** A token in text the model wrote (an argument): `email_1a2b3c4d`. */
export const TOKEN_PATTERN = /\b(email|phone|name)_([0-9a-f]{8})\b/g;

/** The form hashed: e-mails lower case; phones E.164 (the caller normalizes); names NFC, lower case, one space. */
export function normalize(kind: PseudonymKind, value: string): string {
  const v = value.normalize('NFC').trim();
  if (kind === 'phone') return v.replace(/[^\d+]/g, '');
  return v.toLowerCase().replace(/\s+/g, ' ');
}

/** How many reverse entries a process keeps (oldest dropped first). */
const MAX_REVERSE = 200_000;

export class Tokenizer {
  private readonly reverse = new Map<string, string>();
  private readonly forward = new Map<string, string>();

  constructor(private readonly key: Buffer) {}

  /** The token of `value` (already in its normalized form for phones: E.164). Remembers the way back. */
  token(kind: PseudonymKind, value: string): string {
    const norm = normalize(kind, value);
    const cacheKey = `${kind}\u0000${norm}`;
    let t = this.forward.get(cacheKey);
    if (t === undefined) {
      t = `${kind}_${createHmac('sha256', this.key).update(cacheKey).digest('hex').slice(0, 8)}`;
      if (this.forward.size >= MAX_REVERSE) this.forward.delete(this.forward.keys().next().value as string);
      this.forward.set(cacheKey, t);
    }
    if (!this.reverse.has(t)) {
      if (this.reverse.size >= MAX_REVERSE) this.reverse.delete(this.reverse.keys().next().value as string);
      // The value as it was first seen (a person's name keeps its capitals for a reply's salutation).
      this.reverse.set(t, kind === 'phone' ? norm : value.normalize('NFC').trim().replace(/\s+/g, ' '));
    }
    return t;
  }

  /** The real value of a token this process made, or undefined. */
  resolve(token: string): string | undefined {
    return this.reverse.get(token);
  }
}
