import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configurationDoc, toolsDoc } from '../scripts/docs.js';
import { SETTINGS } from '../src/settings.js';
import { NODE_FLAGS } from '../src/version.js';

const read = (p: string): string => readFileSync(new URL(`../${p}`, import.meta.url), 'utf8');

describe('documented launch command', () => {
  it('README, package scripts and the bin shebang use the same V8 flags', () => {
    const readme = read('README.md');
    const pkg = read('package.json');
    const shebang = read('src/cli.ts').split('\n')[0] ?? '';
    for (const f of NODE_FLAGS) {
      expect(readme).toContain(f);
      expect(pkg).toContain(f);
      expect(shebang).toContain(f);
    }
  });
});

describe('generated references', () => {
  it('docs/configuration.md is generated from the settings table (run `npm run docs:gen`)', () => {
    expect(read('docs/configuration.md')).toBe(configurationDoc());
  });
  it('docs/tools.md is generated from the registry (run `npm run docs:gen`)', () => {
    expect(read('docs/tools.md')).toBe(toolsDoc());
  });
  it('every setting the code reads is declared, and every declared setting is read', () => {
    const src = ['src/config.ts'].map(read).join('\n');
    for (const s of SETTINGS) expect(src, s.env).toContain(`'${s.env}'`);
  });
});
