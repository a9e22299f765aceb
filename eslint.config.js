import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import { KNOWN_VIOLATIONS, ORDER, ROOMS, roomIndex, SANDBOX, SANDBOX_LOADERS } from './scripts/layers.mjs';

// The layering (scripts/layers.mjs) as import-x/no-restricted-paths zones: a file may not import
// from a room above its own, nor (outside the sandbox commands of the CLI) from the sandbox; the
// sandbox may not import product code. Test files are exempt from the order, not from the sandbox
// rule. test/architecture.test.ts checks the same table over the whole graph, cycles included.
const basePath = dirname(fileURLToPath(import.meta.url));
const folderOrFile = (pattern) => (pattern.endsWith('/**') ? pattern.slice(0, -3) : pattern);
const lintGlob = (pattern) => (pattern.endsWith('/**') ? `${pattern}/*.ts` : pattern);
const sandboxFrom = folderOrFile(SANDBOX.patterns[0]);

/** Zones for a file of room `index`; `exempt` names the known upward imports of that file. */
function zonesFor(index, exempt = [], sandbox = true) {
  const room = ROOMS[index];
  const zones = [];
  for (const above of ROOMS.slice(index + 1)) {
    for (const from of above.patterns.map(folderOrFile)) {
      if (exempt.includes(from)) continue; // a known upward import of exactly this file
      const except = exempt.filter((t) => t.startsWith(`${from}/`)).map((t) => t.slice(from.length + 1));
      zones.push({
        target: '**',
        from,
        except,
        message: `Layer rule: ${room.name} may not import ${above.name} (${from}); imports point down: ${ORDER} (scripts/layers.mjs).`,
      });
    }
  }
  if (sandbox) {
    zones.push({
      target: '**',
      from: sandboxFrom,
      message: `Product code does not import the sandbox (only ${SANDBOX_LOADERS.file} loads it, in ${SANDBOX_LOADERS.functions.join('/')}).`,
    });
  }
  return zones;
}

const restricted = (zones) => (zones.length > 0 ? ['error', { basePath, zones }] : 'off');

const byImporter = new Map();
for (const [from, to] of KNOWN_VIOLATIONS) byImporter.set(from, [...(byImporter.get(from) ?? []), to]);

const layerBlocks = [
  {
    files: ['src/**/*.ts', 'packages/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.js', '.mjs', '.json'],
          extensionAlias: { '.js': ['.ts', '.js'] },
        }),
      ],
    },
  },
  ...ROOMS.map((room, index) => ({
    files: room.patterns.map(lintGlob),
    ignores: ['**/*.test.ts'],
    rules: { 'import-x/no-restricted-paths': restricted(zonesFor(index)) },
  })),
  ...[...byImporter].map(([file, targets]) => ({
    files: [file],
    rules: {
      'import-x/no-restricted-paths': restricted(
        zonesFor(roomIndex(file), targets, file !== SANDBOX_LOADERS.file),
      ),
    },
  })),
  {
    files: [SANDBOX_LOADERS.file],
    rules: {
      // The CLI loads the sandbox only on demand: import() (which this rule does not see), never statically.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: SANDBOX.packageName,
              message: `Load the sandbox with import() inside ${SANDBOX_LOADERS.functions.join('/')} (scripts/layers.mjs).`,
            },
          ],
        },
      ],
      'import-x/no-restricted-paths': restricted(
        zonesFor(roomIndex(SANDBOX_LOADERS.file), byImporter.get(SANDBOX_LOADERS.file), false),
      ),
    },
  },
  {
    files: [lintGlob(SANDBOX.patterns[0])],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath,
          zones: [
            { target: '**', from: 'src', message: 'The sandbox knows no product code (scripts/layers.mjs).' },
          ],
        },
      ],
    },
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/*.js', 'src/content/_*.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // stdout is the MCP channel on stdio: everything goes through the logger to stderr.
      'no-console': 'error',
    },
  },
  {
    // The Zammad client knows nothing of MCP.
    files: ['src/zammad/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@modelcontextprotocol/*'], message: 'src/zammad has no MCP imports' }] },
      ],
    },
  },
  {
    // Only the Zammad client (and the sandbox's own tests) talk HTTP to Zammad.
    files: ['src/**/*.ts'],
    ignores: ['src/zammad/**', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'fetch', message: 'Use the Zammad client (src/zammad).' }],
    },
  },
  ...layerBlocks,
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: [
      'test/**/*.ts',
      'bench/**/*.ts',
      'scripts/**/*.ts',
      'src/**/*.test.ts',
      'packages/*/src/**/*.test.ts',
    ],
    rules: { 'no-console': 'off' },
  },
);
