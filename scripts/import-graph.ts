// The import graph of src/ and packages/, read with the TypeScript compiler API: static imports,
// type-only imports, re-exports, `import()` calls and `import('x')` types, each resolved the way
// tsc resolves it (NodeNext). Used by test/architecture.test.ts and scripts/arch-stats.ts.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export type ImportKind = 'import' | 'export' | 'dynamic' | 'type-query';

export interface ImportEdge {
  /** The importing file, relative to the root, with '/'. */
  from: string;
  /** The imported file relative to the root, or null when it lies outside (a package, node:*). */
  to: string | null;
  specifier: string;
  kind: ImportKind;
  /** `import type`, `export type`, all-`type` specifiers, or an `import('x')` type. */
  typeOnly: boolean;
  line: number;
  /** The name of the innermost named function around the import (for `import()` calls). */
  inFunction: string | null;
}

const SKIP_DIRS = new Set(['node_modules', 'dist', 'coverage']);

/** Every .ts file under the given folders (relative to root), sorted. */
export function listSourceFiles(root: string, folders: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(path.join(root, dir), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(rel);
      } else if (e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) {
        out.push(rel);
      }
    }
  };
  for (const f of folders) walk(f);
  return out.sort();
}

/** The name of the innermost named function (declaration, method, or arrow/function held by a const). */
export function enclosingFunction(node: ts.Node): string | null {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n)) return n.name?.getText() ?? null;
    if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && ts.isVariableDeclaration(n.parent)) {
      return n.parent.name.getText();
    }
  }
  return null;
}

function allTypeSpecifiers(clause: ts.NamedImportBindings | ts.NamedExportBindings | undefined): boolean {
  if (!clause || !(ts.isNamedImports(clause) || ts.isNamedExports(clause))) return false;
  return clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
}

interface RawImport {
  specifier: string;
  kind: ImportKind;
  typeOnly: boolean;
  node: ts.Node;
}

function collect(source: ts.SourceFile): RawImport[] {
  const found: RawImport[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const c = node.importClause;
      const typeOnly =
        c !== undefined && (c.isTypeOnly || (c.name === undefined && allTypeSpecifiers(c.namedBindings)));
      found.push({ specifier: node.moduleSpecifier.text, kind: 'import', typeOnly, node });
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const typeOnly = node.isTypeOnly || allTypeSpecifiers(node.exportClause);
      found.push({ specifier: node.moduleSpecifier.text, kind: 'export', typeOnly, node });
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      const specifier = node.moduleReference.expression.text;
      found.push({ specifier, kind: 'import', typeOnly: node.isTypeOnly, node });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, kind: 'dynamic', typeOnly: false, node });
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      found.push({ specifier: node.argument.literal.text, kind: 'type-query', typeOnly: true, node });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  resolveJsonModule: true,
  allowImportingTsExtensions: true,
};

/** The import edges of the given files (relative to root). */
export function importGraph(root: string, files: readonly string[]): ImportEdge[] {
  const absRoot = path.resolve(root);
  const cache = ts.createModuleResolutionCache(absRoot, (s) => s, OPTIONS);
  const edges: ImportEdge[] = [];
  for (const from of files) {
    const abs = path.join(absRoot, from);
    const source = ts.createSourceFile(abs, readFileSync(abs, 'utf8'), ts.ScriptTarget.Latest, true);
    for (const raw of collect(source)) {
      const resolved = ts.resolveModuleName(
        raw.specifier,
        abs,
        OPTIONS,
        ts.sys,
        cache,
        undefined,
        ts.ModuleKind.ESNext,
      ).resolvedModule;
      let to: string | null = null;
      // A workspace package resolves through its node_modules link to its real folder: inside.
      if (resolved) {
        const rel = path.relative(absRoot, resolved.resolvedFileName).split(path.sep).join('/');
        if (!rel.startsWith('../') && !rel.includes('node_modules/')) to = rel;
      }
      edges.push({
        from,
        to,
        specifier: raw.specifier,
        kind: raw.kind,
        typeOnly: raw.typeOnly,
        line: source.getLineAndCharacterOfPosition(raw.node.getStart(source)).line + 1,
        inFunction: raw.kind === 'dynamic' ? enclosingFunction(raw.node) : null,
      });
    }
  }
  return edges;
}

/** Strongly connected components of more than one node (or a node importing itself): the cycles. */
export function cycles(nodes: Iterable<string>, edges: readonly (readonly [string, string])[]): string[][] {
  const out = new Map<string, string[]>();
  for (const [a, b] of edges) {
    if (!out.has(a)) out.set(a, []);
    out.get(a)?.push(b);
  }
  // Tarjan's algorithm, iterative so that a long chain does not exhaust the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  let counter = 0;
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: [string, number][] = [[start, 0]];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1] as [string, number];
      const [v, i] = top;
      const next = out.get(v) ?? [];
      if (i < next.length) {
        top[1] = i + 1;
        const w = next[i] as string;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) {
          low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent[0], Math.min(low.get(parent[0]) as number, low.get(v) as number));
      if (low.get(v) === index.get(v)) {
        const component: string[] = [];
        let w: string | undefined;
        do {
          w = stack.pop() as string;
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        const selfLoop = (out.get(v) ?? []).includes(v);
        if (component.length > 1 || selfLoop) result.push(component.sort());
      }
    }
  }
  return result;
}

/** One shortest cycle through `start` inside a component, as a path a → b → … → a. */
export function cyclePath(
  start: string,
  edges: readonly (readonly [string, string])[],
  within: ReadonlySet<string>,
): string[] {
  const prev = new Map<string, string>();
  const queue = [start];
  const seen = new Set([start]);
  while (queue.length > 0) {
    const v = queue.shift() as string;
    for (const [a, b] of edges) {
      if (a !== v || !within.has(b)) continue;
      if (b === start) {
        const p = [start];
        for (let x: string | undefined = v; x !== undefined && x !== start; x = prev.get(x))
          p.splice(1, 0, x);
        return [...p, start];
      }
      if (!seen.has(b)) {
        seen.add(b);
        prev.set(b, v);
        queue.push(b);
      }
    }
  }
  return [start];
}

/** A shortest path start → … → goal over the edges, staying inside `within`. */
export function shortestPath(
  start: string,
  goal: string,
  edges: readonly (readonly [string, string])[],
  within: ReadonlySet<string>,
): string[] {
  const prev = new Map<string, string>();
  const queue = [start];
  const seen = new Set([start]);
  while (queue.length > 0 && !seen.has(goal)) {
    const v = queue.shift() as string;
    for (const [a, b] of edges) {
      if (a === v && within.has(b) && !seen.has(b)) {
        seen.add(b);
        prev.set(b, v);
        queue.push(b);
      }
    }
  }
  if (!seen.has(goal)) return [];
  const path = [goal];
  for (let x = prev.get(goal); x !== undefined; x = prev.get(x)) path.unshift(x);
  return path;
}
