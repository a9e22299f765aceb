/**
 * `zammad-mcp policy check <file>` and `zammad-mcp policy explain <principal>`: the policy file
 * checked, and what one principal may use and why, without starting the server.
 */
import { loadConfig, type Config, type ConfigSource } from './config/index.js';
import { readPolicyFile } from './policy/governance.js';
import type { PolicyFile } from './policy/policy-file.js';
import { policyFor, type PolicySubject } from './policy/policy-rules.js';
import { RISKS, type Risk } from './policy/risk.js';
import { selectTools } from './policy/select.js';
import { policyWorld } from './server/governance.js';
import { ALL_TOOLS, POLICY_EXTRA_NAMES } from './tools/registry.js';
import { ZammadClient } from './zammad/client.js';

type Print = (line: string) => void;

const USAGE = `Usage:
  zammad-mcp policy check <file>
  zammad-mcp policy explain <principal> [--claim <name>=<value>]...
    <principal>: an API-key name, a JWT subject (oauth:<subject>), or local`;

/** Zammad's group names, when the configuration reaches one; undefined otherwise (said in the output). */
async function zammadGroups(config: Readonly<Config>): Promise<string[] | undefined> {
  const zammad = new ZammadClient(config.zammad);
  try {
    const ref = await zammad.reference.get();
    return ref.groups.records.map((g) => g.name);
  } catch {
    return undefined;
  } finally {
    await zammad.close();
  }
}

async function check(path: string, src: ConfigSource, print: Print): Promise<number> {
  const r = loadConfig(src);
  const config = r.ok ? r.config : undefined;
  const groups = config ? await zammadGroups(config) : undefined;
  const world = config
    ? policyWorld(config, groups)
    : {
        toolNames: [...ALL_TOOLS.map((t) => t.name), ...POLICY_EXTRA_NAMES],
        apiKeyNames: [],
        jwt: true,
        local: true,
      };
  const f = await readPolicyFile(path, world);
  if (!f.ok) {
    print(`${path}: ${f.problems.length} problem${f.problems.length > 1 ? 's' : ''}:`);
    for (const p of f.problems) print(`  - ${p}`);
    return 1;
  }
  const n = Object.keys(f.file.principals).length;
  print(`${path}: valid (${n} rule${n === 1 ? '' : 's'}${f.file.default ? ' and a default rule' : ''}).`);
  if (!config)
    print('  Principals were not checked: the configuration is incomplete (set it as the server has it).');
  if (!groups) print('  Groups were not checked: no Zammad answered with this configuration.');
  return 0;
}

/** The principal named on the command line, as authentication would make it. */
function subjectOf(arg: string, claims: Record<string, string[]>, config: Readonly<Config>): PolicySubject {
  if (arg === 'local') return { id: 'local', name: 'local', method: 'none' };
  const sub = /^oauth:(.+)$/.exec(arg)?.[1];
  const key = /^key:(.+)$/.exec(arg)?.[1];
  const isKey =
    key !== undefined || (sub === undefined && config.http.auth.apiKeys.some((k) => k.name === arg));
  if (isKey) return { id: `key:${key ?? arg}`, name: key ?? arg, method: 'api-key' };
  const name = sub ?? arg;
  return { id: `oauth:${name}`, name, method: 'jwt', claims };
}

function explain(config: Readonly<Config>, file: PolicyFile, s: PolicySubject, print: Print): number {
  const selection = selectTools(ALL_TOOLS, config.policy, POLICY_EXTRA_NAMES);
  const p = policyFor(file, s);
  const keyRisks: readonly Risk[] =
    s.method === 'api-key'
      ? (config.http.auth.apiKeys.find((k) => k.name === s.name)?.risks ?? RISKS)
      : RISKS;
  print(`Principal ${s.id} (${s.method === 'api-key' ? 'API key' : s.method === 'jwt' ? 'JWT' : 'local'})`);
  if (p.refused) {
    print(`  Refused: ${p.refused}.`);
    return 0;
  }
  print(`  Rules: ${p.rules.join(', ')}`);
  print(
    `  Risk ceiling: ${p.risk ? `${p.risk.value} (rule ${p.risk.by})` : 'as the server'}; the key's risks: ${keyRisks.join(', ')}`,
  );
  const server = config.policy.allowedGroups;
  const groups = p.groups?.map((g) => `${g.names.join(', ')} (rule ${g.by})`) ?? [];
  print(
    `  Groups: ${[...groups, ...(server ? [`${server.join(', ')} (MCP_ALLOWED_GROUPS)`] : [])].join(' ∩ ') || 'every group the Zammad token sees'}${groups.length + (server ? 1 : 0) > 1 ? ' — only groups in every list' : ''}`,
  );
  const q = p.quotas;
  const quotas = [
    q.callsPerMinute && `calls_per_minute ${q.callsPerMinute.limit} (rule ${q.callsPerMinute.by})`,
    q.callsPerHour && `calls_per_hour ${q.callsPerHour.limit} (rule ${q.callsPerHour.by})`,
    q.writesPerHour && `write_quota_per_hour ${q.writesPerHour.limit} (rule ${q.writesPerHour.by})`,
  ].filter(Boolean);
  print(`  Quotas: ${quotas.join('; ') || 'none'}`);
  const off = new Map(selection.disabled.map((d) => [d.tool.name, d.reason]));
  for (const risk of RISKS) {
    const tools = ALL_TOOLS.filter((t) => t.risk === risk);
    if (!tools.length) continue;
    print(`  ${risk}:`);
    for (const t of tools) {
      const serverWhy = off.get(t.name);
      const v = p.verdict(t);
      const line = serverWhy
        ? `    - ${t.name} [${t.toolset}]: no — ${serverWhy} (server)`
        : !keyRisks.includes(t.risk)
          ? `    - ${t.name} [${t.toolset}]: no — the key's risks lack ${t.risk}`
          : v.granted
            ? `    + ${t.name} [${t.toolset}]: yes`
            : `    - ${t.name} [${t.toolset}]: no — ${v.why} (rule ${v.by})`;
      print(line);
    }
  }
  return 0;
}

export async function policyCommand(
  argv: readonly string[],
  src: ConfigSource,
  print: Print,
): Promise<number> {
  const [sub, arg, ...rest] = argv;
  if (sub === 'check' && arg && rest.length === 0) return check(arg, src, print);
  if (sub !== 'explain' || !arg) {
    print(USAGE);
    return 2;
  }
  const claims: Record<string, string[]> = {};
  for (let i = 0; i < rest.length; i += 2) {
    const m = rest[i] === '--claim' ? /^([^=]+)=(.+)$/.exec(rest[i + 1] ?? '') : null;
    if (!m) {
      print(USAGE);
      return 2;
    }
    (claims[m[1] as string] ??= []).push(m[2] as string);
  }
  const r = loadConfig(src);
  if (!r.ok) {
    print('The configuration has problems:');
    for (const p of r.problems) print(`  - ${p}`);
    return 2;
  }
  const path = r.config.policy.policyFile;
  if (!path) {
    print('MCP_POLICY_FILE is not set: every principal gets what the server and its key or token allow.');
    return 2;
  }
  const f = await readPolicyFile(path, policyWorld(r.config));
  if (!f.ok) {
    print(`${path}: ${f.problems.length} problem${f.problems.length > 1 ? 's' : ''}:`);
    for (const p of f.problems) print(`  - ${p}`);
    return 1;
  }
  return explain(r.config, f.file, subjectOf(arg, claims, r.config), print);
}
