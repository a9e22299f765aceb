import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configurationDoc, toolsDoc } from '../scripts/docs.js';
import { SETTINGS } from '../src/config/settings/index.js';

const read = (p: string): string => readFileSync(new URL(`../${p}`, import.meta.url), 'utf8');

describe('generated references', () => {
  it('docs/configuration.md is generated from the settings table (run `npm run docs:gen`)', () => {
    expect(read('docs/configuration.md')).toBe(configurationDoc());
  });
  it('docs/tools.md is generated from the registry (run `npm run docs:gen`)', () => {
    expect(read('docs/tools.md')).toBe(toolsDoc());
  });
  it('every setting README and docs/security.md name is a declared setting (`MCP_OAUTH_*` aside)', () => {
    const known = new Set(SETTINGS.flatMap((s) => [s.env, `${s.env}_FILE`]));
    for (const doc of ['README.md', 'docs/security.md']) {
      const named = new Set(read(doc).match(/\b(?:MCP|ZAMMAD)_[A-Z0-9_]*[A-Z0-9]\b/g) ?? []);
      expect(named.size, doc).toBeGreaterThan(5);
      expect(
        [...named].filter((n) => !known.has(n)),
        doc,
      ).toEqual([]);
    }
  });
  it('every setting the code reads is declared, and every declared setting is read', () => {
    // The parsers (src/config/*.ts), not the settings table (src/config/settings/) they read.
    const parsers = readdirSync(new URL('../src/config/', import.meta.url)).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
    );
    expect(parsers.length).toBeGreaterThan(5);
    const src = parsers.map((f) => read(`src/config/${f}`)).join('\n');
    for (const s of SETTINGS) expect(src, s.env).toContain(`'${s.env}'`);
  });
});
