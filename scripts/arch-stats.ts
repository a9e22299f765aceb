// Figures on the call pipeline's shape (issue 11), computed from the code: `npm run arch:stats`
// for this tree, `npm run arch:stats -- <folder>` for another checkout (e.g. an old commit's
// worktree). Counting rules, briefly (each section says more):
// - files are .ts under src/ (and packages/, scripts/, bench/, test/ for sizes); `*.test.ts` never count;
// - code is read with the TypeScript parser, so comments and strings never count as uses.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { fileCycles, roomCycles, roomName, upwardImports } from './arch-rules.js';
import { enclosingFunction, importGraph, listSourceFiles } from './import-graph.js';
import { KNOWN_VIOLATIONS, ROOMS, roomIndex, TEST_FILE } from './layers.mjs';

const root = path.resolve(process.argv[2] ?? '.');
const all = listSourceFiles(root, ['src', 'packages']);
const product = all.filter((f) => f.startsWith('src/') && !TEST_FILE.test(f));
const edges = importGraph(root, all);
const parsed = new Map<string, ts.SourceFile>();
const sourceOf = (file: string): ts.SourceFile => {
  let s = parsed.get(file);
  if (!s) {
    s = ts.createSourceFile(file, readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.Latest, true);
    parsed.set(file, s);
  }
  return s;
};
const walk = (file: string, visit: (node: ts.Node) => void): void => {
  const go = (n: ts.Node): void => {
    visit(n);
    ts.forEachChild(n, go);
  };
  go(sourceOf(file));
};
const lineOf = (file: string, node: ts.Node): number =>
  sourceOf(file).getLineAndCharacterOfPosition(node.getStart()).line + 1;
const nameOf = (e: ts.Expression): string | undefined =>
  ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : undefined;
const out: string[] = [];
const say = (line = ''): number => out.push(line);
const tally = (counts: Map<string, number>): string =>
  [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
const bump = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);

say(`Architecture figures for ${root}`);
say(`Rooms (lowest first): ${ROOMS.map((r) => r.name).join(' < ')}`);
say();

// 1. Scope helpers in src/tools/: a member read through `.scope.` (ctx.scope.allowsGroup(…),
// ctx.scope.restricted: one site each), a call of allowsGroup, checkTicket, ticketId,
// resolveTicketId or fetchTicket not already counted through `.scope.`, and an import or
// re-export of src/policy/scope.ts. Declarations are not sites.
const HELPERS = new Set(['allowsGroup', 'checkTicket', 'ticketId', 'resolveTicketId', 'fetchTicket']);
const tools = product.filter((f) => f.startsWith('src/tools/'));
const scopeByFile = new Map<string, number>();
const scopeByKind = new Map<string, number>();
for (const file of tools) {
  walk(file, (n) => {
    let kind: string | undefined;
    if (
      ts.isPropertyAccessExpression(n) &&
      ts.isPropertyAccessExpression(n.expression) &&
      n.expression.name.text === 'scope'
    ) {
      kind = `.scope.${n.name.text}`;
    } else if (ts.isCallExpression(n)) {
      const callee = n.expression;
      const name = nameOf(callee);
      const viaScope =
        ts.isPropertyAccessExpression(callee) &&
        ts.isPropertyAccessExpression(callee.expression) &&
        callee.expression.name.text === 'scope';
      if (name && HELPERS.has(name) && !viaScope) kind = `${name}()`;
    }
    if (kind) {
      bump(scopeByFile, file);
      bump(scopeByKind, kind);
    }
  });
}
for (const e of edges) {
  if (e.to === 'src/policy/scope.ts' && tools.includes(e.from) && e.kind !== 'type-query') {
    bump(scopeByFile, e.from);
    bump(scopeByKind, 'import of policy/scope');
  }
}
const scopeSites = [...scopeByFile.values()].reduce((a, b) => a + b, 0);
say(`Scope helper sites in src/tools/: ${scopeSites} in ${scopeByFile.size} files`);
say(`  by kind: ${tally(scopeByKind)}`);
say(`  by file: ${tally(scopeByFile)}`);
say();

// 2. `x instanceof ZammadError` in src/tools/ (the class by that exact name); other
// `instanceof …Error` checks are listed apart.
const zErr = new Map<string, number>();
const otherErr = new Map<string, number>();
for (const file of tools) {
  walk(file, (n) => {
    if (!ts.isBinaryExpression(n) || n.operatorToken.kind !== ts.SyntaxKind.InstanceOfKeyword) return;
    const cls = nameOf(n.right) ?? '';
    if (cls === 'ZammadError') bump(zErr, file);
    else if (cls.endsWith('Error')) bump(otherErr, `${file} (${cls})`);
  });
}
const sum = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
say(`instanceof ZammadError in src/tools/: ${sum(zErr)} in ${zErr.size} files`);
say(`  by file: ${tally(zErr)}`);
if (otherErr.size > 0) say(`  other instanceof …Error: ${tally(otherErr)}`);
say();

// 3. Places outside src/policy/ that decide policy. A place is a (file, innermost named function)
// in non-test src/ code with at least one of these signals:
//   risk-filter     .filter/.some/.every/.find/.findIndex whose predicate reads `.risk`/`.risks` or is isGated
//   risk-check      .has()/.includes() on a `risks` set, or with a `.risk` argument (a grant test by risk)
//   gate            a call of isGated()
//   glob            a call of globToRegExp/matchesGlob/minimatch/picomatch (deny and allow lists)
//   confirm-listing .add/.has/.delete(CONFIRM_ACTION | 'confirm_action'), or a comparison with it
// It over-counts rather than under-counts: the list below shows each place and its signals.
const PREDICATES = new Set(['filter', 'some', 'every', 'find', 'findIndex']);
const GLOBS = new Set(['globToRegExp', 'matchesGlob', 'minimatch', 'picomatch']);
const readsRisk = (n: ts.Node): boolean => {
  let found = false;
  const go = (x: ts.Node): void => {
    if (ts.isPropertyAccessExpression(x) && (x.name.text === 'risk' || x.name.text === 'risks')) found = true;
    if (!found) ts.forEachChild(x, go);
  };
  go(n);
  return found;
};
const isConfirmName = (e: ts.Node): boolean =>
  (ts.isIdentifier(e) && e.text === 'CONFIRM_ACTION') ||
  (ts.isStringLiteral(e) && e.text === 'confirm_action');
const places = new Map<string, Set<string>>();
for (const file of product.filter((f) => !f.startsWith('src/policy/'))) {
  walk(file, (n) => {
    const signals: string[] = [];
    if (ts.isCallExpression(n)) {
      const name = nameOf(n.expression);
      const recv = ts.isPropertyAccessExpression(n.expression) ? n.expression.expression : undefined;
      const arg = n.arguments[0];
      if (
        name &&
        PREDICATES.has(name) &&
        recv &&
        arg &&
        (readsRisk(arg) || nameOf(arg as ts.Expression) === 'isGated')
      ) {
        signals.push('risk-filter');
      }
      if ((name === 'has' || name === 'includes') && recv && arg) {
        if (nameOf(recv) === 'risks' || (ts.isPropertyAccessExpression(arg) && arg.name.text === 'risk')) {
          signals.push('risk-check');
        }
      }
      if (name === 'isGated' && ts.isIdentifier(n.expression)) signals.push('gate');
      if (name && GLOBS.has(name)) signals.push('glob');
      if ((name === 'add' || name === 'has' || name === 'delete') && recv && arg && isConfirmName(arg)) {
        signals.push('confirm-listing');
      }
    } else if (
      ts.isBinaryExpression(n) &&
      [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(
        n.operatorToken.kind,
      ) &&
      (isConfirmName(n.left) || isConfirmName(n.right))
    ) {
      signals.push('confirm-listing');
    }
    for (const s of signals) {
      const k = `${file} ${enclosingFunction(n) ?? '(module)'}`;
      if (!places.has(k)) places.set(k, new Set());
      places.get(k)?.add(`${s}:${lineOf(file, n)}`);
    }
  });
}
const placeFiles = new Set([...places.keys()].map((k) => k.split(' ')[0]));
say(`Places deciding policy outside src/policy/: ${places.size} (in ${placeFiles.size} files)`);
for (const [k, s] of [...places].sort()) say(`  ${k}: ${[...s].join(' ')}`);
say();

// 4. Cycles. Between files: strongly connected components of the non-test import graph (type-only
// imports included), each shown as one shortest loop; "between rooms" when it spans rooms. Between
// rooms: each upward room edge that closes a loop in the room graph.
const fc = fileCycles(edges);
const spans = (c: string[]): string => {
  const rooms = new Set(c.map(roomName));
  return rooms.size > 1 ? `between rooms ${[...rooms].join(', ')}` : `inside ${[...rooms][0]}`;
};
say(
  `File cycles: ${fc.length} (${fc.filter((c) => spans(c.component).startsWith('between')).length} between rooms)`,
);
for (const { loop, component } of fc) {
  say(`  ${loop.join(' → ')} [${spans(component)}]`);
  if (component.length > loop.length - 1)
    say(`    the whole tangle (${component.length} files): ${component.join(', ')}`);
}
const rc = roomCycles(edges);
say(`Room cycles (upward room edges that close a loop): ${rc.length}`);
for (const c of rc) say(`  ${c}`);
say();

// 5. Upward imports: non-test importer → imported file pairs that point up the layers (an
// import statement count too, since one pair may have a value and a type import).
const up = upwardImports(edges);
const statements = [...up.values()].reduce((a, u) => a + u.edges.length, 0);
const testUp = edges.filter(
  (e) =>
    e.to !== null && TEST_FILE.test(e.from) && roomIndex(e.from) >= 0 && roomIndex(e.to) > roomIndex(e.from),
);
say(
  `Upward imports: ${up.size} file pairs (${statements} import statements); the KNOWN_VIOLATIONS of this branch list ${KNOWN_VIOLATIONS.length}`,
);
for (const { pair, edges: es } of up.values()) {
  const kinds = es.map((e) => `${e.line}${e.typeOnly ? ' type' : ''}`).join(', ');
  const rooms = `${ROOMS[roomIndex(pair[0])]?.name} → ${ROOMS[roomIndex(pair[1])]?.name}`;
  say(`  ${pair[0]} → ${pair[1]} [${rooms}; line ${kinds}]`);
}
say(`  (test files, exempt from the order: ${testUp.length} upward import statements)`);
const outside = product.filter((f) => roomIndex(f) < 0);
if (outside.length > 0)
  say(`  not in any room (not counted): ${outside.length} files, e.g. ${outside.slice(0, 3).join(', ')}`);
say();

// 6. Sizes: non-test .ts files by line count (newlines, as wc -l), everywhere code lives.
const sized = listSourceFiles(root, ['src', 'packages', 'scripts', 'bench', 'test'])
  .filter((f) => !TEST_FILE.test(f))
  .map((f) => [f, readFileSync(path.join(root, f), 'utf8').split('\n').length - 1] as const)
  .sort((a, b) => b[1] - a[1]);
for (const limit of [350, 400]) {
  const over = sized.filter(([, n]) => n > limit);
  say(
    `Non-test files over ${limit} lines: ${over.length}${over.length ? `: ${over.map(([f, n]) => `${f} ${n}`).join(', ')}` : ''}`,
  );
}

process.stdout.write(`${out.join('\n')}\n`);
