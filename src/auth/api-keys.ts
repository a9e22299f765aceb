/**
 * Client API keys: making one (`zammad-mcp keygen`) and verifying a presented one. The server
 * stores only SHA-256 hashes (parsed by src/config/api-keys.ts); a presented key is hashed and
 * compared with every stored hash in constant time; the key itself is never stored or logged.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyEntry } from '../config/api-keys.js';

/** Prefix of generated keys: recognisable in secret scanners and logs. */
export const KEY_PREFIX = 'zmcp_';

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new random key: 256 bits, base64url. */
export function generateKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

export function keyLine(name: string, key: string): string {
  return `${name}:${hashKey(key)}`;
}

/** Constant-time lookup of a presented key among the stored hashes. */
export class ApiKeyVerifier {
  private readonly hashes: Array<{ entry: ApiKeyEntry; digest: Buffer }>;

  constructor(keys: readonly ApiKeyEntry[]) {
    this.hashes = keys.map((entry) => ({ entry, digest: Buffer.from(entry.sha256, 'hex') }));
  }

  get size(): number {
    return this.hashes.length;
  }

  verify(presented: string): ApiKeyEntry | undefined {
    const digest = createHash('sha256').update(presented, 'utf8').digest();
    let found: ApiKeyEntry | undefined;
    // Every stored hash is compared, matched or not: the time taken does not depend on which matched.
    for (const h of this.hashes) {
      if (timingSafeEqual(h.digest, digest) && found === undefined) found = h.entry;
    }
    return found;
  }
}
