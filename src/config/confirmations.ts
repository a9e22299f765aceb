/** Confirmations: the signing keys (rotation), the shared spent store, the lifetime of a token. */
import { parseRedisUrl } from './redis-url.js';
import { parseList, type Reader } from './reader.js';
import type { ConfirmationConfig } from './types.js';

/** The key ring: separated by commas or line breaks, each at least 32 characters. */
function parseKeys(r: Reader): string[] | undefined {
  const keysRaw = r.str('MCP_CONFIRMATION_KEY');
  const keys = keysRaw === undefined ? undefined : parseList(keysRaw.replace(/\r?\n/g, ','));
  if (keys === undefined) return undefined;
  if (keys.length === 0) r.problems.push('MCP_CONFIRMATION_KEY is empty.');
  const short = keys.filter((k) => k.length < 32).length;
  if (short > 0)
    r.problems.push(
      `MCP_CONFIRMATION_KEY: ${keys.length === 1 ? 'the key is' : `${short} of its ${keys.length} keys ${short === 1 ? 'is' : 'are'}`} too short. Use at least 32 random characters per key, e.g. from \`openssl rand -hex 32\`; separate several keys with commas or line breaks (the first signs).`,
    );
  return keys;
}

export function parseConfirmations(r: Reader): ConfirmationConfig {
  const keys = parseKeys(r);
  const storeUrl = r.str('MCP_CONFIRMATION_STORE_URL');
  if (storeUrl !== undefined && !parseRedisUrl(storeUrl))
    r.problems.push(
      'MCP_CONFIRMATION_STORE_URL must be a Redis URL: redis://[[user]:password@]host[:port][/db], or rediss:// for TLS.',
    );
  return {
    ...(keys?.length ? { keys } : {}),
    ttlSeconds: r.int('MCP_CONFIRMATION_TTL_SECONDS'),
    ...(storeUrl !== undefined ? { storeUrl } : {}),
  };
}
