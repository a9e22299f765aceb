// Builds zammad-mcp.mcpb, the MCP Bundle for Claude Desktop, with the official tooling
// (@anthropic-ai/mcpb): the manifest (mcpb/manifest.json, its version taken from package.json),
// the bundled server dist/cli.js (no node_modules needed: esbuild bundled its dependencies),
// LICENSE and README. `mcpb pack` validates the manifest first.
// Usage: node scripts/bundle.mjs [out.mcpb]   (after `npm run build`)
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = resolve(process.argv[2] ?? join(root, 'zammad-mcp.mcpb'));
const mcpb = join(root, 'node_modules', '.bin', 'mcpb');
if (!existsSync(join(root, 'dist', 'cli.js')))
  throw new Error('dist/cli.js is missing: run `npm run build` first');

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const manifest = JSON.parse(readFileSync(join(root, 'mcpb', 'manifest.json'), 'utf8'));
manifest.version = pkg.version;

const stage = mkdtempSync(join(tmpdir(), 'zammad-mcp-mcpb-'));
try {
  mkdirSync(join(stage, 'dist'));
  writeFileSync(join(stage, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  copyFileSync(join(root, 'dist', 'cli.js'), join(stage, 'dist', 'cli.js'));
  copyFileSync(join(root, 'dist', 'cli.js.LEGAL.txt'), join(stage, 'dist', 'cli.js.LEGAL.txt'));
  copyFileSync(join(root, 'LICENSE'), join(stage, 'LICENSE'));
  copyFileSync(join(root, 'README.md'), join(stage, 'README.md'));
  execFileSync(mcpb, ['validate', join(stage, 'manifest.json')], { stdio: 'inherit' });
  execFileSync(mcpb, ['pack', stage, out], { stdio: 'inherit' });
  console.log(`wrote ${out}`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
