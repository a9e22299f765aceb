// Builds dist/cli.js: one ES module bundling our code and its dependencies. A single file starts
// about a third faster than the module graph (bench/run.ts measures cold start); `npm run
// typecheck` is where TypeScript checks the code.
import { build } from 'esbuild';
import { chmodSync, rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
  // Bundled CommonJS dependencies may call require(); give them one.
  banner: {
    js: "import { createRequire as __zammadMcpRequire } from 'node:module'; const require = __zammadMcpRequire(import.meta.url);",
  },
});
chmodSync(new URL('../dist/cli.js', import.meta.url), 0o755);
