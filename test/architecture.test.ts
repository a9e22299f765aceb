// The layering of scripts/layers.mjs, checked over the import graph of src/ and packages/
// (static, type-only, re-export and import() imports). The upward imports that exist today are
// listed in KNOWN_VIOLATIONS (scripts/layers.mjs, shared with the lint rule): a new one fails here,
// and so does a listed one that has gone, so the list only shrinks.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  boundaryProblems,
  fileCycles,
  layerProblems,
  roomCycles,
  sandboxProblems,
  unassignedFiles,
  unresolvedRelative,
  upwardImports,
} from '../scripts/arch-rules.js';
import { cycles, importGraph, listSourceFiles, type ImportEdge } from '../scripts/import-graph.js';
import { KNOWN_VIOLATIONS } from '../scripts/layers.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('the layering of src/ and packages/', () => {
  const files = listSourceFiles(ROOT, ['src', 'packages']);
  const edges = importGraph(ROOT, files);

  it('reads a graph that covers the code', () => {
    expect(files).toContain('src/cli.ts');
    expect(files).toContain('packages/sandbox/src/index.ts');
    expect(unresolvedRelative(edges)).toEqual([]);
    const sandboxLoads = edges.filter(
      (e) => e.from === 'src/cli.ts' && e.to === 'packages/sandbox/src/index.ts',
    );
    expect(sandboxLoads.length).toBeGreaterThan(0);
  });

  it('puts every file in exactly one room', () => {
    expect(unassignedFiles(files)).toEqual([]);
  });

  it('has no upward import beyond KNOWN_VIOLATIONS, and every listed one still exists', () => {
    expect(layerProblems(edges, KNOWN_VIOLATIONS)).toEqual([]);
  });

  it('has no cycle between rooms once the known upward imports are set aside', () => {
    expect(roomCycles(edges, KNOWN_VIOLATIONS)).toEqual([]);
    // For information: the cycles the known upward imports still make, and cycles between files.
    const info = [...roomCycles(edges), ...fileCycles(edges).map((c) => `files: ${c.loop.join(' → ')}`)];
    if (info.length > 0) console.info(`Cycles today (information):\n  ${info.join('\n  ')}`);
  });

  it('keeps the sandbox apart: it imports no product code, and only the CLI commands load it', () => {
    expect(sandboxProblems(edges)).toEqual([]);
  });

  it('keeps MCP out of src/zammad, tools out of src/content, and tests out of the product', () => {
    expect(boundaryProblems(edges)).toEqual([]);
  });
});

describe('the import graph reader', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'arch-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (file: string, text: string): void => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };
  write('src/log.ts', 'export type Level = string;\nexport const x = 1;\n');
  write(
    'src/a.ts',
    [
      "import type { Level } from './log.js';",
      "import { type Level as L2 } from './b.js';",
      "export { x } from './log.js';",
      "export type { Level as L3 } from './c.js';",
      "import { y } from './b.js';",
      "async function demo() { return import('./d.js'); }",
      "const later = async () => import('./c.js');",
      "type T = typeof import('./e.js');",
      "import { z } from 'zod';",
      "import './missing.js';",
    ].join('\n'),
  );
  for (const f of ['b', 'c', 'd', 'e']) write(`src/${f}.ts`, 'export const y = 1; export type Level = 1;\n');
  const graph = importGraph(dir, listSourceFiles(dir, ['src']));
  const from = (spec: string): ImportEdge[] =>
    graph.filter((e) => e.from === 'src/a.ts' && e.specifier === spec);

  it('finds type-only imports, re-exports, import() calls and import() types', () => {
    expect(from('./log.js').map((e) => [e.kind, e.typeOnly, e.to])).toEqual([
      ['import', true, 'src/log.ts'],
      ['export', false, 'src/log.ts'],
    ]);
    expect(from('./b.js').map((e) => [e.kind, e.typeOnly])).toEqual([
      ['import', true],
      ['import', false],
    ]);
    expect(from('./c.js').map((e) => [e.kind, e.typeOnly, e.inFunction])).toEqual([
      ['export', true, null],
      ['dynamic', false, 'later'],
    ]);
    expect(from('./d.js').map((e) => [e.kind, e.inFunction, e.line])).toEqual([['dynamic', 'demo', 6]]);
    expect(from('./e.js').map((e) => [e.kind, e.typeOnly, e.to])).toEqual([['type-query', true, 'src/e.ts']]);
    expect(from('zod').map((e) => e.to)).toEqual([null]);
    expect(unresolvedRelative(graph)).toEqual([
      'src/a.ts:10 imports ./missing.js, which resolves to no file',
    ]);
  });

  it('finds cycles, a node importing itself included', () => {
    const found = cycles(
      ['a', 'b', 'c', 'd', 'e'],
      [
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'a'],
        ['c', 'd'],
        ['e', 'e'],
      ],
    );
    expect(found).toEqual([['a', 'b', 'c'], ['e']]);
  });
});

describe('the rules, on made-up imports', () => {
  const edge = (fromFile: string, to: string | null, extra: Partial<ImportEdge> = {}): ImportEdge => ({
    from: fromFile,
    to,
    specifier: extra.specifier ?? `./${path.basename(to ?? 'x.js')}`,
    kind: 'import',
    typeOnly: false,
    line: 3,
    inFunction: null,
    ...extra,
  });

  it('reports an upward import with the files and the rule, and a known one that has gone', () => {
    const graph = [edge('src/zammad/client.ts', 'src/config/index.ts', { typeOnly: true })];
    expect(layerProblems(graph, [])).toEqual([
      'src/zammad/client.ts:3 imports src/config/index.ts (type-only): zammad may not import config ' +
        '(imports point down: base < content < zammad < privacy < config < telemetry < policy < auth < tools < server < transports < top; scripts/layers.mjs)',
    ]);
    expect(layerProblems(graph, [['src/zammad/client.ts', 'src/config/index.ts']])).toEqual([]);
    expect(layerProblems([], [['src/tools/resources.ts', 'src/server.ts']])).toEqual([
      'KNOWN_VIOLATIONS lists src/tools/resources.ts -> src/server.ts, which is no longer an upward import: remove it from scripts/layers.mjs',
    ]);
  });

  it('lets imports point down or stay in a room, and exempts test files from the order', () => {
    const graph = [
      edge('src/tools/tickets.ts', 'src/zammad/client.ts'),
      edge('src/server/pipeline.ts', 'src/server.ts'),
      edge('src/app.ts', 'src/cli.ts'),
      edge('src/policy/confirm.test.ts', 'src/tools/registry.ts'),
    ];
    expect(layerProblems(graph, [])).toEqual([]);
    expect(upwardImports(graph).size).toBe(0);
  });

  it('reports a cycle between rooms with the files behind each step', () => {
    const graph = [
      edge('src/config.ts', 'src/auth/api-keys.ts'),
      edge('src/auth/identity.ts', 'src/config.ts'),
    ];
    expect(roomCycles(graph)).toEqual([
      'config → auth (src/config.ts → src/auth/api-keys.ts), back: auth → config (src/auth/identity.ts → src/config.ts)',
    ]);
    expect(roomCycles(graph, [['src/config.ts', 'src/auth/api-keys.ts']])).toEqual([]);
    expect(
      fileCycles([
        edge('src/server.ts', 'src/tools/resources.ts'),
        edge('src/tools/resources.ts', 'src/server.ts'),
      ]),
    ).toEqual([
      {
        loop: ['src/server.ts', 'src/tools/resources.ts', 'src/server.ts'],
        component: ['src/server.ts', 'src/tools/resources.ts'],
      },
    ]);
  });

  it('keeps the sandbox and the product apart, but for the CLI commands', () => {
    const sandbox = 'packages/sandbox/src/index.ts';
    const spec = { specifier: '@zammad-mcp/sandbox' };
    expect(
      sandboxProblems([
        edge('src/cli.ts', sandbox, { ...spec, kind: 'dynamic', inFunction: 'demo' }),
        edge('src/cli.ts', sandbox, { ...spec, kind: 'dynamic', inFunction: 'sandboxOnly' }),
        edge('src/tools/tickets.test.ts', sandbox, spec),
        edge('packages/sandbox/src/store.ts', 'packages/sandbox/src/types.ts'),
      ]),
    ).toEqual([]);
    expect(
      sandboxProblems([
        edge('src/cli.ts', sandbox, spec),
        edge('src/cli.ts', sandbox, { ...spec, kind: 'dynamic', inFunction: 'serve' }),
        edge('src/app.ts', sandbox, { ...spec, kind: 'dynamic', inFunction: 'demo' }),
        edge('packages/sandbox/src/store.ts', 'src/errors.ts'),
        edge('packages/sandbox/src/store.test.ts', 'test/harness.ts'),
      ]),
    ).toEqual([
      'src/cli.ts:3 imports packages/sandbox/src/index.ts: product code does not import the sandbox; only src/cli.ts loads it, by import() in demo or sandboxOnly',
      'src/cli.ts:3 imports packages/sandbox/src/index.ts (import()): product code does not import the sandbox; only src/cli.ts loads it, by import() in demo or sandboxOnly',
      'src/app.ts:3 imports packages/sandbox/src/index.ts (import()): product code does not import the sandbox; only src/cli.ts loads it, by import() in demo or sandboxOnly',
      'packages/sandbox/src/store.ts:3 imports src/errors.ts: the sandbox knows no product code (it imports only itself and npm packages)',
      'packages/sandbox/src/store.test.ts:3 imports test/harness.ts: the sandbox knows no product code (it imports only itself and npm packages)',
    ]);
  });

  it('keeps MCP out of src/zammad, tools out of src/content, and tests out of the product', () => {
    expect(
      boundaryProblems([
        edge('src/zammad/http.ts', null, { specifier: '@modelcontextprotocol/server', typeOnly: true }),
        edge('src/content/frame.ts', 'src/tools/render/format.ts'),
        edge('src/tools/tickets.ts', null, { specifier: '@modelcontextprotocol/server' }),
        edge('src/server.ts', 'test/harness.ts'),
        edge('src/server.test.ts', 'test/harness.ts'),
      ]),
    ).toEqual([
      'src/zammad/http.ts:3 imports @modelcontextprotocol/server (type-only): src/zammad knows no MCP',
      'src/content/frame.ts:3 imports src/tools/render/format.ts: src/content does not import src/tools',
      'src/server.ts:3 imports test/harness.ts: product code imports only src/ and npm packages (not tests, scripts or benches)',
    ]);
  });

  it('names files that no room holds', () => {
    expect(
      unassignedFiles(['src/config.test.ts', 'src/config/env.ts', 'src/telemetry.ts', 'packages/other/x.ts']),
    ).toEqual([
      'src/telemetry.ts belongs to no room: add it (or its folder) to ROOMS in scripts/layers.mjs',
      'packages/other/x.ts is in no package the layer table knows (scripts/layers.mjs)',
    ]);
  });
});
