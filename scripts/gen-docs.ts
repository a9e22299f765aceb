/**
 * Writes docs/configuration.md and docs/tools.md from the code (settings table and tool registry).
 * `test/docs.test.ts` fails when the committed files differ from what this produces.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configurationDoc, toolsDoc } from './docs.js';

const root = fileURLToPath(new URL('..', import.meta.url));
writeFileSync(`${root}docs/configuration.md`, configurationDoc());
writeFileSync(`${root}docs/tools.md`, toolsDoc());
console.log('wrote docs/configuration.md and docs/tools.md');
