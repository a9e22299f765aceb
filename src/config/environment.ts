/**
 * No silent configuration: every `MCP_…`/`ZAMMAD_…` variable in the environment must be one the
 * server reads (the settings table, and `<ENV>_FILE` of a secret), one that MCP clients are known
 * to set for themselves, or one listed in MCP_EXTRA_ENV. Anything else is most likely a typo on
 * a switch (`MCP_DENIED_TOOL=…` would leave the tool enabled), so start-up stops and names the
 * closest setting.
 */
import { SETTINGS } from './settings/index.js';

/**
 * Variables with our prefixes that MCP clients and tools read themselves and may pass on to the
 * servers they start: they mean nothing to this server and must not stop it.
 */
export const FOREIGN_VARIABLES: Readonly<Record<string, string>> = {
  MCP_TIMEOUT: 'Claude Code: start-up timeout of its MCP servers',
  MCP_TOOL_TIMEOUT: 'Claude Code: timeout of a tool call',
  MCP_SERVER_REQUEST_TIMEOUT: 'MCP Inspector: request timeout',
  MCP_REQUEST_TIMEOUT_RESET_ON_PROGRESS: 'MCP Inspector: timeout reset on progress',
  MCP_REQUEST_MAX_TOTAL_TIMEOUT: 'MCP Inspector: overall request timeout',
  MCP_PROXY_FULL_ADDRESS: 'MCP Inspector: address of its proxy',
  MCP_PROXY_AUTH_TOKEN: 'MCP Inspector: session token of its proxy',
  MCP_AUTO_OPEN_ENABLED: 'MCP Inspector: open the browser',
};

const PREFIX = /^(MCP|ZAMMAD)_/i;

/** The names the server reads, from the settings table. */
export function knownVariables(): Set<string> {
  const names = new Set<string>();
  for (const s of SETTINGS) {
    names.add(s.env);
    if (s.secret) names.add(`${s.env}_FILE`);
  }
  return names;
}

/** Optimal string alignment distance (Levenshtein plus swapped neighbours). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [
    i,
    ...new Array<number>(b.length).fill(0),
  ]);
  for (let j = 0; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = d[i] as number[];
    const prev = d[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/** The known name closest to `name`, when it is close enough to be what was meant. */
export function closest(name: string, known: Iterable<string>): string | undefined {
  const upper = name.toUpperCase();
  let best: { name: string; d: number } | undefined;
  for (const k of known) {
    const d = editDistance(upper, k);
    if (!best || d < best.d) best = { name: k, d };
  }
  if (!best) return undefined;
  const near = best.d <= Math.max(2, Math.floor(best.name.length / 5));
  const prefix = best.name.startsWith(upper) || upper.startsWith(best.name);
  if (near) return best.name;
  if (prefix) return best.name;
  // A shared stem: MCP_DENY_TOOLS → MCP_DENIED_TOOLS is further by letters, closer by words.
  const words = (s: string): string[] => s.split('_').filter(Boolean);
  const w = words(upper);
  let stem: { name: string; shared: number; d: number } | undefined;
  for (const k of known) {
    const shared = words(k).filter((x) => w.includes(x)).length;
    const d = editDistance(upper, k);
    if (shared < 2 || shared < w.length - 1) continue;
    if (!stem || shared > stem.shared || (shared === stem.shared && d < stem.d))
      stem = { name: k, shared, d };
  }
  return stem?.name;
}

/**
 * One problem per unknown `MCP_…`/`ZAMMAD_…` variable set in `env` (an empty value counts: it
 * still shows what was meant). `extra` are the names of MCP_EXTRA_ENV.
 */
export function unknownVariables(
  env: Record<string, string | undefined>,
  extra: readonly string[],
): string[] {
  const known = knownVariables();
  const allowed = new Set(extra.map((e) => e.trim()));
  const problems: string[] = [];
  for (const name of Object.keys(env).sort()) {
    if (!PREFIX.test(name) || env[name] === undefined) continue;
    if (known.has(name) || allowed.has(name) || name in FOREIGN_VARIABLES) continue;
    const base = name.toUpperCase().replace(/_FILE$/, '');
    if (base !== name.toUpperCase() && known.has(base)) {
      problems.push(
        `${name} is set but ${base} is not a secret, so it has no _FILE variant: set ${base} itself.`,
      );
      continue;
    }
    const guess = closest(name, known);
    const hint = guess
      ? guess === name.toUpperCase()
        ? `Did you mean ${guess}? Variable names are upper case.`
        : `Did you mean ${guess}?`
      : 'zammad-mcp has no such setting (docs/configuration.md lists them all).';
    problems.push(
      `${name} is set but zammad-mcp does not know it. ${hint} If it is set on purpose for something else, list it in MCP_EXTRA_ENV.`,
    );
  }
  return problems;
}
