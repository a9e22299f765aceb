/**
 * What a policy file means: which rules apply to a principal, and what it may then use — always
 * within what the server itself enables (the start-up selection, the key's or token's risks,
 * MCP_ALLOWED_GROUPS). A rule can only narrow. Pure decisions; every one says which rule made it,
 * for `zammad-mcp policy explain`.
 */
import { CLAIM_KEY, type PolicyFile, type PolicyRule } from './policy-file.js';
import { RISKS, type Category, type Risk, type Toolset } from './risk.js';
import { globToRegExp } from './select.js';

/** What the rules read of a principal. */
export interface PolicySubject {
  /** `key:<name>`, `oauth:<subject>` or `local`. */
  id: string;
  /** The API-key name or JWT subject. */
  name: string;
  method: 'api-key' | 'jwt' | 'none';
  /** String (or string-list) claims of a JWT. */
  claims?: Readonly<Record<string, string | readonly string[]>>;
}

/** What the rules read of a tool. */
export interface PolicyTool {
  name: string;
  risk: Risk;
  toolset: Toolset;
  category: Category;
}

/** What a policy file is checked against. */
export interface PolicyWorld {
  /** Every tool the server knows (enabled or not), and names such as `confirm_action`. */
  toolNames: readonly string[];
  /** API-key names configured. */
  apiKeyNames: readonly string[];
  /** Whether JWTs are accepted (their subjects and claims cannot be listed in advance). */
  jwt: boolean;
  /** Whether the `local` principal exists (stdio, or HTTP without authentication). */
  local: boolean;
  /** The Zammad groups, when known (start-up and reload; `policy check` without Zammad: undefined). */
  groups?: readonly string[];
}

/** A rule's name as written, or `default`. */
export type RuleName = string;

export interface Quotas {
  callsPerMinute?: { limit: number; by: RuleName };
  callsPerHour?: { limit: number; by: RuleName };
  writesPerHour?: { limit: number; by: RuleName };
}

/** What applies to one principal. */
export interface PrincipalPolicy {
  /** The rules that matched, in file order; empty when refused. */
  rules: RuleName[];
  /** Set when no rule and no default applies: the principal is refused. */
  refused?: string;
  /** The lowest `risk` among the rules (undefined: as the server). */
  risk?: { value: Risk; by: RuleName };
  /** The groups each rule allows (undefined: as the server). A group must be in every list. */
  groups?: Array<{ names: readonly string[]; by: RuleName }>;
  quotas: Quotas;
  /** Why a tool is not granted (the first rule that removed it), or undefined when granted. */
  verdict(tool: PolicyTool): { granted: true } | { granted: false; by: RuleName; why: string };
  /** Names and globs of the rules' `denied_tools` (for `confirm_action`, which is no declared tool). */
  denied: readonly string[];
}

function claimMatches(subject: PolicySubject, name: string, value: string): boolean {
  const v = subject.claims?.[name];
  return typeof v === 'string' ? v === value : Array.isArray(v) && v.includes(value);
}

/** Whether a rule key names this principal: its key name, JWT subject, id, or a claim value. */
export function ruleMatches(key: string, subject: PolicySubject): boolean {
  const claim = CLAIM_KEY.exec(key);
  if (claim) return subject.method === 'jwt' && claimMatches(subject, claim[1] as string, claim[2] as string);
  return key === subject.name || key === subject.id;
}

const rank = (r: Risk): number => RISKS.indexOf(r);

/** The tool decision of one rule: undefined when it keeps the tool. */
function ruleRemoves(rule: PolicyRule, t: PolicyTool): string | undefined {
  const match = (globs: readonly string[] | undefined): boolean =>
    !!globs?.some((g) => globToRegExp(g).test(t.name));
  if (match(rule.denied_tools)) return 'in denied_tools';
  if (rule.risk && rank(t.risk) > rank(rule.risk)) return `risk ${t.risk} above ${rule.risk}`;
  if (rule.toolsets && !rule.toolsets.includes(t.toolset)) return `toolset ${t.toolset} not in toolsets`;
  if (rule.categories && !rule.categories.includes(t.category))
    return `category ${t.category} not in categories`;
  if (rule.allowed_tools && t.risk !== 'read' && !match(rule.allowed_tools))
    return `a ${t.risk} tool not in allowed_tools`;
  return undefined;
}

/** The rules of one principal, combined: each narrows, none widens. */
export function policyFor(file: PolicyFile, subject: PolicySubject): PrincipalPolicy {
  let applied: Array<[RuleName, PolicyRule]> = Object.entries(file.principals).filter(([k]) =>
    ruleMatches(k, subject),
  );
  if (applied.length === 0 && file.default) applied = [['default', file.default]];
  if (applied.length === 0)
    return {
      rules: [],
      refused: `no rule of the policy file names ${subject.id}, and it has no default rule`,
      quotas: {},
      verdict: () => ({ granted: false, by: '(none)', why: 'no rule names this principal' }),
      denied: ['*'],
    };
  let risk: PrincipalPolicy['risk'];
  const groups: NonNullable<PrincipalPolicy['groups']> = [];
  const quotas: Quotas = {};
  const lower = (q: keyof Quotas, limit: number | undefined, by: RuleName): void => {
    if (limit === undefined) return;
    const had = quotas[q];
    if (!had || limit < had.limit) quotas[q] = { limit, by };
  };
  for (const [by, rule] of applied) {
    if (rule.risk && (!risk || rank(rule.risk) < rank(risk.value))) risk = { value: rule.risk, by };
    if (rule.allowed_groups) groups.push({ names: rule.allowed_groups, by });
    lower('callsPerMinute', rule.calls_per_minute, by);
    lower('callsPerHour', rule.calls_per_hour, by);
    lower('writesPerHour', rule.write_quota_per_hour, by);
  }
  return {
    rules: applied.map(([k]) => k),
    ...(risk ? { risk } : {}),
    ...(groups.length ? { groups } : {}),
    quotas,
    denied: applied.flatMap(([, rule]) => rule.denied_tools ?? []),
    verdict(t) {
      for (const [by, rule] of applied) {
        const why = ruleRemoves(rule, t);
        if (why) return { granted: false, by, why };
      }
      return { granted: true };
    },
  };
}

/**
 * Checks a parsed file against what exists: tool names and globs, groups, and that every rule can
 * match someone known. Every problem at once, each with the valid values.
 */
export function checkPolicy(path: string, file: PolicyFile, world: PolicyWorld): string[] {
  const problems: string[] = [];
  const rules: Array<[string, PolicyRule]> = [
    ...(file.default ? ([['default', file.default]] as Array<[string, PolicyRule]>) : []),
    ...Object.entries(file.principals),
  ];
  const where = (name: string): string => (name === 'default' ? 'default' : `principals.${name}`);
  for (const [name, rule] of rules) {
    for (const field of ['allowed_tools', 'denied_tools'] as const) {
      const bad = (rule[field] ?? []).filter((g) => !world.toolNames.some((n) => globToRegExp(g).test(n)));
      if (bad.length)
        problems.push(
          `${path}: ${where(name)}.${field} names unknown tools: ${bad.join(', ')}. Valid tool names: ${world.toolNames.join(', ')}.`,
        );
    }
    if (rule.allowed_groups && world.groups) {
      const known = new Set(world.groups.map((g) => g.toLowerCase()));
      const bad = rule.allowed_groups.filter((g) => !known.has(g.toLowerCase()));
      if (bad.length)
        problems.push(
          `${path}: ${where(name)}.allowed_groups names groups Zammad does not have: ${bad.join(', ')}. Valid groups: ${world.groups.join(', ')}.`,
        );
    }
    if (name === 'default') continue;
    const claim = CLAIM_KEY.exec(name);
    if (claim && !world.jwt)
      problems.push(
        `${path}: principals.${name} matches a JWT claim, but no JWT is accepted (MCP_OAUTH_JWKS_URL is not set): it matches nobody.`,
      );
    const known = world.apiKeyNames.includes(name) || (world.local && name === 'local');
    if (!claim && !known && !world.jwt)
      problems.push(
        `${path}: principals.${name} matches nobody known. Known principals: ${[...world.apiKeyNames, ...(world.local ? ['local'] : [])].join(', ') || '(none)'}; a JWT subject needs MCP_OAUTH_JWKS_URL; a claim rule is written claim:<name>=<value>.`,
      );
  }
  return problems;
}
