/**
 * The client API keys of MCP_API_KEYS(_FILE): one `name:sha256hex[:risk+risk]` entry per line (or
 * comma), `#` comments. Only SHA-256 hashes are stored, each with a name (the principal); verifying
 * a presented key is src/auth/api-keys.ts.
 */
import { isRisk, type Risk } from './risks.js';

export interface ApiKeyEntry {
  name: string;
  /** Lower-case hex SHA-256 of the key. */
  sha256: string;
  /** Risks this key may use; absent means every risk the server enables. */
  risks?: Risk[];
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const HEX64 = /^[0-9a-f]{64}$/;

export function isValidKeyName(name: string): boolean {
  return NAME.test(name);
}

/**
 * Parses the keys file (or the variable): entries separated by newlines or commas. Problems name
 * the entry's position, never its content.
 */
export function parseApiKeys(
  text: string,
  source = 'MCP_API_KEYS',
): { keys: ApiKeyEntry[]; problems: string[] } {
  const keys: ApiKeyEntry[] = [];
  const problems: string[] = [];
  const entries = text
    .split('\n')
    .map((l) => l.replace(/#.*$/, ''))
    .flatMap((l) => l.split(','))
    .map((e) => e.trim());
  let n = 0;
  for (const e of entries) {
    if (!e) continue;
    n++;
    const [name = '', hash = '', risks, ...rest] = e.split(':').map((x) => x.trim());
    if (!isValidKeyName(name) || rest.length > 0) {
      problems.push(
        `${source} entry ${n} is not \`name:sha256hex\` (a name of letters, digits, ._@- then the key's SHA-256). Make one with \`zammad-mcp keygen <name>\`.`,
      );
      continue;
    }
    if (!HEX64.test(hash.toLowerCase())) {
      problems.push(
        `${source} entry ${n} (${name}) has no SHA-256 hash (64 hex digits). Store the hash, never the key: \`zammad-mcp keygen ${name}\` prints the line.`,
      );
      continue;
    }
    let list: Risk[] | undefined;
    if (risks !== undefined) {
      const parts = risks.split(/[\s+|]+/).filter(Boolean);
      const bad = parts.filter((r) => !isRisk(r));
      if (bad.length || parts.length === 0) {
        problems.push(
          `${source} entry ${n} (${name}) limits risks to unknown values. Use read, write, external or destructive separated by +.`,
        );
        continue;
      }
      list = parts.filter(isRisk);
    }
    if (keys.some((k) => k.name === name)) {
      problems.push(`${source} names ${name} twice. Each key needs its own name.`);
      continue;
    }
    if (keys.some((k) => k.sha256 === hash.toLowerCase())) {
      problems.push(
        `${source} entry ${n} (${name}) repeats the hash of another key. Give each client its own key.`,
      );
      continue;
    }
    keys.push({ name, sha256: hash.toLowerCase(), ...(list ? { risks: list } : {}) });
  }
  return { keys, problems };
}
