import { describe, expect, it } from 'vitest';
import { closest, editDistance, FOREIGN_VARIABLES, knownVariables, unknownVariables } from './environment.js';
import { loadConfig } from './index.js';
import { SETTINGS } from './settings/index.js';

const base = { ZAMMAD_URL: 'https://support.example.com', ZAMMAD_HTTP_TOKEN: 'tok-abcdef123456' };
const problemsOf = (env: Record<string, string>): string[] => {
  const r = loadConfig({ env });
  return r.ok ? [] : r.problems;
};

describe('unknown MCP_/ZAMMAD_ variables stop start-up', () => {
  // Each typo a user makes on a switch, and the setting the message must name.
  const typos: Array<[string, string]> = [
    ['MCP_DENIED_TOOL', 'MCP_DENIED_TOOLS'], // singular: the tool would stay enabled
    ['MCP_DENY_TOOLS', 'MCP_DENIED_TOOLS'],
    ['MCP_ALLOWED_TOOL', 'MCP_ALLOWED_TOOLS'],
    ['MCP_READONLY', 'MCP_READ_ONLY'],
    ['MCP_ALLOW_WRITES', 'MCP_ALLOW_WRITE'],
    ['MCP_ALLOWED_GROUP', 'MCP_ALLOWED_GROUPS'],
    ['ZAMMAD_TOKEN', 'ZAMMAD_HTTP_TOKEN'],
    ['ZAMMAD_HTTP_TOKEN_FLIE', 'ZAMMAD_HTTP_TOKEN_FILE'],
    ['ZAMMAD_URI', 'ZAMMAD_URL'],
    ['mcp_read_only', 'MCP_READ_ONLY'],
    ['MCP_LOGLEVEL', 'MCP_LOG_LEVEL'],
  ];
  for (const [typo, meant] of typos) {
    it(`${typo} → did you mean ${meant}?`, () => {
      const p = problemsOf({ ...base, [typo]: 'search_tickets' });
      expect(p).toHaveLength(1);
      expect(p[0]).toContain(`${typo} is set but zammad-mcp does not know it.`);
      expect(p[0]).toContain(`Did you mean ${meant}?`);
      expect(p[0]).toContain('MCP_EXTRA_ENV');
    });
  }

  it('a name close to nothing is refused too, without a guess', () => {
    const p = problemsOf({ ...base, MCP_SOMETHING_ELSE_ENTIRELY: '1' });
    expect(p).toEqual([
      'MCP_SOMETHING_ELSE_ENTIRELY is set but zammad-mcp does not know it. zammad-mcp has no such setting (docs/configuration.md lists them all). If it is set on purpose for something else, list it in MCP_EXTRA_ENV.',
    ]);
  });

  it('every problem at once, with the other configuration problems', () => {
    const p = problemsOf({ ...base, MCP_DENIED_TOOL: 'x', ZAMMAD_TOKN: 'y', MCP_LOG_LEVEL: 'loud' });
    expect(p).toHaveLength(3);
    expect(p.join('\n')).toMatch(/MCP_LOG_LEVEL="loud"/);
  });

  it('MCP_EXTRA_ENV lets deliberate extras through; FOREIGN variables of MCP clients pass', () => {
    expect(problemsOf({ ...base, MCP_MY_PROXY: '1', MCP_EXTRA_ENV: 'MCP_MY_PROXY' })).toEqual([]);
    expect(problemsOf({ ...base, MCP_TIMEOUT: '10000', MCP_TOOL_TIMEOUT: '60000' })).toEqual([]);
    for (const name of Object.keys(FOREIGN_VARIABLES)) expect(knownVariables().has(name)).toBe(false);
  });

  it('every setting of the table, and the _FILE of each secret, is known (the table is the source)', () => {
    const env: Record<string, string> = {};
    for (const s of SETTINGS) {
      env[s.env] = '';
      if (s.secret) env[`${s.env}_FILE`] = '';
    }
    expect(unknownVariables(env, [])).toEqual([]);
    // A _FILE of a setting that is not secret is not read: refused.
    expect(unknownVariables({ ZAMMAD_URL_FILE: '/x' }, [])).toEqual([
      'ZAMMAD_URL_FILE is set but ZAMMAD_URL is not a secret, so it has no _FILE variant: set ZAMMAD_URL itself.',
    ]);
  });

  it('variables of other prefixes are none of its business', () => {
    expect(unknownVariables({ PATH: '/bin', NODE_OPTIONS: '', SANDBOX_PORT: '1' }, [])).toEqual([]);
  });
});

describe('edit distance', () => {
  it('counts insertions, deletions, substitutions and swapped neighbours', () => {
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('abc', 'abcd')).toBe(1);
    expect(editDistance('abcd', 'acbd')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(closest('QQQ_ZZZ', ['MCP_READ_ONLY'])).toBeUndefined();
  });
});
