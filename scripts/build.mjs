// Builds dist/cli.js: one ES module bundling our code and its dependencies. A single file starts
// about a third faster than the module graph (bench/run.ts measures cold start); `npm run
// typecheck` is where TypeScript checks the code.
import { build } from 'esbuild';
import { Buffer } from 'node:buffer';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

// The file's first two lines pick the V8 flags of its mode (src/version.ts, binPrologue).
const versionModule = await build({
  entryPoints: ['src/version.ts'],
  bundle: true,
  format: 'esm',
  platform: 'node',
  write: false,
  logLevel: 'warning',
});
const { binPrologue } = await import(
  `data:text/javascript;base64,${Buffer.from(versionModule.outputFiles[0].text).toString('base64')}`
);

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
  // Loaded with import() only when configured (OTLP endpoint, Redis URL, policy file), from
  // node_modules: the bundle, its start-up time and the heap its source text takes stay as they
  // are without them.
  external: ['@opentelemetry/*', 'ioredis', 'yaml'],
  banner: {
    // Bundled CommonJS dependencies may call require(); give them one.
    js: `${binPrologue()}\nimport { createRequire as __zammadMcpRequire } from 'node:module'; const require = __zammadMcpRequire(import.meta.url);`,
  },
});
// V8 keeps the script's source text on the heap for the process's life: one byte per character
// when the text is ASCII, two for the whole file as soon as one character is not (comments and
// regular-expression literals keep theirs). \uXXXX means the same in every place left.
const out = new URL('../dist/cli.js', import.meta.url);
const text = readFileSync(out, 'utf8');
// A backslash before such a character (an identity escape) would not survive the rewrite.
if (/\\[\u0080-\uffff]/.test(text)) throw new Error('dist/cli.js: a backslash before a non-ASCII character');
writeFileSync(
  out,
  text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
);
chmodSync(out, 0o755);
