import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ALL_TOOLS } from '../tools/registry.js';
import { parsePolicyText, type PolicyRule } from './policy-file.js';
import { policyFor, ruleMatches, type PolicySubject } from './policy-rules.js';
import { CATEGORIES, RISKS, TOOLSETS } from './risk.js';
import { selectTools } from './select.js';
import type { PolicyConfig } from '../config/index.js';

const NAMES = ALL_TOOLS.map((t) => t.name);
const rank = (r: string): number => (RISKS as readonly string[]).indexOf(r);

const glob = fc.oneof(
  fc.constantFrom(...NAMES),
  fc.constantFrom('*', 'delete_*', '*_ticket', 'get_*', 'search_*', 'update_*'),
);
const ruleArb: fc.Arbitrary<PolicyRule> = fc.record(
  {
    risk: fc.constantFrom(...RISKS),
    toolsets: fc.uniqueArray(fc.constantFrom(...TOOLSETS)),
    categories: fc.uniqueArray(fc.constantFrom(...CATEGORIES)),
    allowed_tools: fc.array(glob, { maxLength: 4 }),
    denied_tools: fc.array(glob, { maxLength: 4 }),
    allowed_groups: fc.array(fc.constantFrom('Support', 'Sales', 'Billing'), { maxLength: 2 }),
    calls_per_minute: fc.nat(100),
    write_quota_per_hour: fc.nat(100),
  },
  { requiredKeys: [] },
);
const serverArb: fc.Arbitrary<PolicyConfig> = fc.record({
  readOnly: fc.boolean(),
  allowWrite: fc.boolean(),
  allowExternal: fc.boolean(),
  allowDestructive: fc.boolean(),
  allowedTools: fc.array(fc.constantFrom(...NAMES), { maxLength: 4 }),
  deniedTools: fc.array(fc.constantFrom(...NAMES), { maxLength: 3 }),
  allowedCategories: fc.constant(undefined),
  allowedGroups: fc.constant(undefined),
  allowedRecipientDomains: fc.constant([]),
  // The server's own toolsets narrow too: any non-empty choice.
  toolsets: fc.subarray([...TOOLSETS], { minLength: 1 }),
  dynamicToolsets: fc.constant(false),
});
const subject: PolicySubject = { id: 'key:bot', name: 'bot', method: 'api-key' };

describe('a policy file only narrows (property)', () => {
  it('for any server settings and any rules, the granted tools are a subset of the server’s, within every rule', async () => {
    await fc.assert(
      fc.asyncProperty(
        serverArb,
        fc.array(ruleArb, { minLength: 1, maxLength: 2 }),
        async (server, rules) => {
          const enabled = selectTools(ALL_TOOLS, server).enabled;
          // The same principal named by two rules (its key name and its id): both apply. The file
          // goes through YAML and back, as a file on disk would.
          const principals = Object.fromEntries(rules.map((r, k) => [['bot', 'key:bot'][k] as string, r]));
          const read = await parsePolicyText('random.yaml', stringify({ principals }));
          if (!read.ok) throw new Error(read.problems.join('\n'));
          const p = policyFor(read.file, subject);
          const granted = enabled.filter((t) => p.verdict(t).granted);
          for (const t of granted) {
            expect(enabled).toContain(t);
            for (const r of Object.values(principals)) {
              if (r.risk) expect(rank(t.risk)).toBeLessThanOrEqual(rank(r.risk));
              if (r.toolsets) expect(r.toolsets).toContain(t.toolset);
              if (r.categories) expect(r.categories).toContain(t.category);
              if (r.denied_tools?.includes(t.name)) throw new Error(`${t.name} is denied`);
              if (r.allowed_tools && t.risk !== 'read')
                expect(
                  r.allowed_tools.some(
                    (g) => g === t.name || g === '*' || new RegExp(`^${g.replace('*', '.*')}$`).test(t.name),
                  ),
                ).toBe(true);
            }
          }
          // Quotas: the lowest of the rules.
          const limits = Object.values(principals).flatMap((r) =>
            r.calls_per_minute === undefined ? [] : [r.calls_per_minute],
          );
          expect(p.quotas.callsPerMinute?.limit).toBe(limits.length ? Math.min(...limits) : undefined);
          // Groups: every rule's list applies (the scope keeps only groups in all of them).
          expect(p.groups?.length ?? 0).toBe(
            Object.values(principals).filter((r) => r.allowed_groups).length,
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a principal no rule names gets the default rule, or is refused', () => {
    expect(policyFor({ principals: { other: {} } }, subject).refused).toMatch(/no rule .* names key:bot/);
    const d = policyFor({ principals: { other: {} }, default: { risk: 'read' } }, subject);
    expect(d.rules).toEqual(['default']);
    expect(
      d.verdict({ name: 'add_internal_note', risk: 'write', toolset: 'tickets', category: 'tickets' }),
    ).toEqual({
      granted: false,
      by: 'default',
      why: 'risk write above read',
    });
  });

  it('claim rules match only JWTs, by string or list value', () => {
    const jwt = (claims: Record<string, string | string[]>): PolicySubject => ({
      id: 'oauth:u',
      name: 'u',
      method: 'jwt',
      claims,
    });
    expect(ruleMatches('claim:roles=auditor', jwt({ roles: ['staff', 'auditor'] }))).toBe(true);
    expect(ruleMatches('claim:roles=auditor', jwt({ roles: 'auditor' }))).toBe(true);
    expect(ruleMatches('claim:roles=auditor', jwt({ roles: 'auditors' }))).toBe(false);
    expect(ruleMatches('claim:roles=auditor', { ...subject, claims: { roles: 'auditor' } })).toBe(false);
    // A key named like a claim rule is not one.
    expect(ruleMatches('u', jwt({}))).toBe(true);
  });
});

describe('reading a policy file', () => {
  it('YAML and JSON alike; problems name the line, the field and the valid values', async () => {
    const yaml = 'principals:\n  bot:\n    risk: write\n    toolsets: [tickets]\n';
    const json = JSON.stringify({ principals: { bot: { risk: 'write', toolsets: ['tickets'] } } }, null, 2);
    const a = await parsePolicyText('p.yaml', yaml);
    const b = await parsePolicyText('p.json', json);
    expect(a).toEqual(b);
    const bad = await parsePolicyText(
      'p.yaml',
      'principals:\n  bot:\n    risk: write\n    quota: 5\n    toolsets: [tix]\n',
    );
    expect(bad.ok).toBe(false);
    const text = bad.ok ? '' : bad.problems.join('\n');
    expect(text).toMatch(
      /p\.yaml:4: principals\.bot: unknown field quota\. Rule fields: description, risk, toolsets/,
    );
    expect(text).toMatch(
      /p\.yaml:5: principals\.bot\.toolsets\.\[0\]: is not allowed\. Valid values: worklist, tickets, customers/,
    );
    const jsonBad = await parsePolicyText('p.json', '{"principals": {"bot": {"risk": "all"}}}');
    expect(jsonBad.ok ? '' : jsonBad.problems.join()).toMatch(
      /p\.json:1: principals\.bot\.risk: is not allowed\. Valid values: read, write, external, destructive/,
    );
    expect((await parsePolicyText('p.json', '{"principals": ')).ok).toBe(false);
    expect((await parsePolicyText('p.yaml', '')).ok).toBe(false);
    expect((await parsePolicyText('p.yaml', 'principals:\n  bot: {}\n  bot: {}\n')).ok).toBe(false); // duplicate key
    expect((await parsePolicyText('p.yaml', 'principals:\n  claim:roles: {}\n')).ok).toBe(false);
    // Custom tags and billion-laughs aliases are refused, not expanded.
    expect((await parsePolicyText('p.yaml', 'principals: !!js/function "x"\n')).ok).toBe(false);
    const bomb = [
      'a: &a [x,x,x,x,x,x,x,x,x,x]',
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
      ),
      'principals: {}',
    ].join('\n');
    expect((await parsePolicyText('p.yaml', bomb)).ok).toBe(false);
  });
});
