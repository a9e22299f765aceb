import { generateKey, keyLine } from '../../src/auth/api-keys.js';

/** `n` fresh API keys named `<prefix><i>`, and the MCP_API_KEYS value that admits them. */
export function apiKeys(prefix: string, n: number): { keys: string[]; env: string } {
  const named = Array.from({ length: n }, (_, i) => ({ name: `${prefix}${i}`, key: generateKey() }));
  return { keys: named.map((k) => k.key), env: named.map((k) => keyLine(k.name, k.key)).join('\n') };
}
