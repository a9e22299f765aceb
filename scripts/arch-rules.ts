// The rules of scripts/layers.mjs checked over an import graph (scripts/import-graph.ts). Each
// check returns the problems it found as sentences that name the importing file and line, the
// imported file, and the rule broken; test/architecture.test.ts wants them all empty.
import { cycles, cyclePath, shortestPath, type ImportEdge } from './import-graph.js';
import {
  isSandbox,
  MCP_PACKAGES,
  ORDER,
  ROOMS,
  roomIndex,
  SANDBOX,
  SANDBOX_LOADERS,
  TEST_FILE,
} from './layers.mjs';

export type Pair = readonly [string, string];

export const roomName = (file: string): string =>
  isSandbox(file) ? SANDBOX.name : (ROOMS[roomIndex(file)]?.name ?? '(no room)');
const where = (e: ImportEdge): string =>
  `${e.from}:${e.line} imports ${e.to ?? e.specifier}${e.typeOnly ? ' (type-only)' : ''}${e.kind === 'dynamic' ? ' (import())' : ''}`;
const key = ([a, b]: Pair): string => `${a} -> ${b}`;
const isProduct = (file: string): boolean => file.startsWith('src/') && !TEST_FILE.test(file);

/** Files under src/ that no room holds, or that two rooms claim; packages other than the sandbox. */
export function unassignedFiles(files: readonly string[]): string[] {
  const problems: string[] = [];
  for (const file of files) {
    if (file.startsWith('packages/')) {
      if (!isSandbox(file))
        problems.push(`${file} is in no package the layer table knows (scripts/layers.mjs)`);
      continue;
    }
    const subject = file.replace(TEST_FILE, '.ts');
    const claimed = ROOMS.filter((r) =>
      r.patterns.some((p) => p === subject || (p.endsWith('/**') && subject.startsWith(p.slice(0, -2)))),
    );
    if (claimed.length === 0) {
      problems.push(`${file} belongs to no room: add it (or its folder) to ROOMS in scripts/layers.mjs`);
    } else if (claimed.length > 1) {
      problems.push(`${file} is claimed by rooms ${claimed.map((r) => r.name).join(' and ')}`);
    }
  }
  return problems;
}

/** Relative imports that did not resolve to a file: the graph would silently miss them. */
export function unresolvedRelative(edges: readonly ImportEdge[]): string[] {
  return edges
    .filter((e) => e.to === null && e.specifier.startsWith('.'))
    .map((e) => `${e.from}:${e.line} imports ${e.specifier}, which resolves to no file`);
}

/** Upward imports between non-test files: (importer, imported) pairs with every edge behind them. */
export function upwardImports(
  edges: readonly ImportEdge[],
): Map<string, { pair: Pair; edges: ImportEdge[] }> {
  const out = new Map<string, { pair: Pair; edges: ImportEdge[] }>();
  for (const e of edges) {
    if (e.to === null || !isProduct(e.from)) continue;
    const a = roomIndex(e.from);
    const b = roomIndex(e.to);
    if (a < 0 || b <= a) continue;
    const pair: Pair = [e.from, e.to];
    const entry = out.get(key(pair)) ?? { pair, edges: [] };
    entry.edges.push(e);
    out.set(key(pair), entry);
  }
  return out;
}

/** New upward imports (not in `known`) and listed ones that no longer exist. */
export function layerProblems(edges: readonly ImportEdge[], known: readonly Pair[]): string[] {
  const upward = upwardImports(edges);
  const knownKeys = new Set(known.map(key));
  const problems: string[] = [];
  for (const [k, { edges: behind }] of upward) {
    if (knownKeys.has(k)) continue;
    for (const e of behind) {
      problems.push(
        `${where(e)}: ${roomName(e.from)} may not import ${roomName(e.to as string)} ` +
          `(imports point down: ${ORDER}; scripts/layers.mjs)`,
      );
    }
  }
  for (const pair of known) {
    if (!upward.has(key(pair))) {
      problems.push(
        `KNOWN_VIOLATIONS lists ${key(pair)}, which is no longer an upward import: remove it from scripts/layers.mjs`,
      );
    }
  }
  const seen = new Set<string>();
  for (const pair of known) {
    if (seen.has(key(pair))) problems.push(`KNOWN_VIOLATIONS lists ${key(pair)} twice`);
    seen.add(key(pair));
  }
  return problems;
}

/** The room graph of non-test files: room → room edges, each with one file pair behind it. */
export function roomEdges(edges: readonly ImportEdge[], skip: readonly Pair[] = []): Map<string, Pair> {
  const skipKeys = new Set(skip.map(key));
  const out = new Map<string, Pair>();
  for (const e of edges) {
    if (e.to === null || !isProduct(e.from) || skipKeys.has(key([e.from, e.to]))) continue;
    const a = roomName(e.from);
    const b = roomName(e.to);
    if (a !== b && !out.has(key([a, b]))) out.set(key([a, b]), [e.from, e.to]);
  }
  return out;
}

/**
 * Cycles between rooms. Every such cycle climbs at least once, so each is reported at an upward
 * room edge it runs through: `config → auth (file → file), back: auth → config (file → file)`.
 */
export function roomCycles(edges: readonly ImportEdge[], skip: readonly Pair[] = []): string[] {
  const byRoom = roomEdges(edges, skip);
  const pairs = [...byRoom.keys()].map((k) => k.split(' -> ') as [string, string]);
  const rank = (room: string): number => ROOMS.findIndex((r) => r.name === room);
  const step = (a: string, b: string): string => {
    const via = byRoom.get(key([a, b]));
    return via ? `${a} → ${b} (${via[0]} → ${via[1]})` : `${a} → ${b}`;
  };
  const found: string[] = [];
  for (const component of cycles(new Set(pairs.flat()), pairs)) {
    const within = new Set(component);
    for (const [a, b] of pairs) {
      if (!within.has(a) || !within.has(b) || rank(b) <= rank(a)) continue;
      const back = shortestPath(b, a, pairs, within);
      found.push(
        `${step(a, b)}, back: ${back
          .slice(1)
          .map((to, i) => step(back[i] as string, to))
          .join(', ')}`,
      );
    }
  }
  return found;
}

/** Cycles between non-test files, the sandbox's included (inside a room they are allowed; the caller reports them). */
export function fileCycles(edges: readonly ImportEdge[]): { loop: string[]; component: string[] }[] {
  const code = (f: string): boolean => (f.startsWith('src/') || isSandbox(f)) && !TEST_FILE.test(f);
  const pairs = edges
    .filter((e) => e.to !== null && code(e.from) && code(e.to))
    .map((e) => [e.from, e.to as string] as const);
  return cycles(new Set(pairs.flat()), pairs).map((component) => ({
    loop: cyclePath(component[0] as string, pairs, new Set(component)),
    component,
  }));
}

/** The sandbox imports only itself and npm packages; product code loads it only in the CLI's commands. */
export function sandboxProblems(edges: readonly ImportEdge[]): string[] {
  const problems: string[] = [];
  for (const e of edges) {
    if (e.to === null) continue;
    if (isSandbox(e.from) && !isSandbox(e.to)) {
      problems.push(
        `${where(e)}: the sandbox knows no product code (it imports only itself and npm packages)`,
      );
    } else if (isProduct(e.from) && isSandbox(e.to)) {
      const loader =
        e.from === SANDBOX_LOADERS.file &&
        e.kind === 'dynamic' &&
        e.inFunction !== null &&
        SANDBOX_LOADERS.functions.includes(e.inFunction);
      if (!loader) {
        problems.push(
          `${where(e)}: product code does not import the sandbox; only ${SANDBOX_LOADERS.file} loads it, ` +
            `by import() in ${SANDBOX_LOADERS.functions.join(' or ')}`,
        );
      }
    }
  }
  return problems;
}

/**
 * zammad/ knows no MCP; content/ knows no tools (both hold whatever KNOWN_VIOLATIONS says); product
 * code imports nothing from test/, scripts/ or bench/.
 */
export function boundaryProblems(edges: readonly ImportEdge[]): string[] {
  const problems: string[] = [];
  for (const e of edges) {
    if (e.from.startsWith('src/zammad/') && MCP_PACKAGES.test(e.specifier)) {
      problems.push(`${where(e)}: src/zammad knows no MCP`);
    }
    if (isProduct(e.from) && e.from.startsWith('src/content/') && e.to?.startsWith('src/tools/')) {
      problems.push(`${where(e)}: src/content does not import src/tools`);
    }
    if (isProduct(e.from) && e.to !== null && !e.to.startsWith('src/') && !isSandbox(e.to)) {
      problems.push(
        `${where(e)}: product code imports only src/ and npm packages (not tests, scripts or benches)`,
      );
    }
  }
  return problems;
}
