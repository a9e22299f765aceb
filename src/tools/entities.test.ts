/**
 * The data scope is declared, not coded: every argument that names a scoped record is covered by an
 * entity the pipeline loads and checks, and no tool reaches for the scope or Zammad's error classes
 * itself (src/server/entities.ts and src/server/error-map.ts do that, once).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EntityDecl } from './entities.js';
import { ALL_TOOLS } from './registry.js';

/** Arguments that name a record whose access the pipeline must check, and the kind they name. */
const RECORD_ARGS: Record<string, EntityDecl['kind']> = {
  ticket_id: 'ticket',
  ticket_number: 'ticket',
  other_ticket_id: 'ticket',
  other_ticket_number: 'ticket',
  source: 'ticket',
  target: 'ticket',
  article_id: 'article',
  user_id: 'user',
  organization_id: 'organization',
  item_id: 'checklist_item',
};

/** Arguments that pick one record of a kind without an id: covered by the same entity. */
const ALTERNATIVES = ['email', 'login', 'name'];

function argsOf(d: EntityDecl): string[] {
  const alt = d as unknown as Record<string, unknown>;
  return [
    d.id,
    ...['number', 'ticket', ...ALTERNATIVES].map((k) => alt[k]).filter((x) => typeof x === 'string'),
  ] as string[];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

describe('entities in the tool registry', () => {
  it('covers every argument that names a scoped record with a declared entity of its kind', () => {
    const uncovered: string[] = [];
    for (const tool of ALL_TOOLS) {
      const decls = Object.values((tool.entities ?? {}) as Record<string, EntityDecl>);
      const covered = new Map<string, EntityDecl['kind']>();
      for (const d of decls) for (const a of argsOf(d)) covered.set(a, d.kind);
      // download_attachment's ticket_id is the article's ticket: the article entity checks it.
      for (const d of decls) if (d.kind === 'article' && d.ticket) covered.set(d.ticket, 'ticket');
      for (const arg of Object.keys(tool.input.shape)) {
        const kind = RECORD_ARGS[arg];
        if (kind && covered.get(arg) !== kind) uncovered.push(`${tool.name}.${arg} (${kind})`);
      }
    }
    expect(uncovered).toEqual([]);
  });

  it('names only arguments the tool has', () => {
    const wrong: string[] = [];
    for (const tool of ALL_TOOLS)
      for (const d of Object.values((tool.entities ?? {}) as Record<string, EntityDecl>))
        for (const a of argsOf(d)) if (!(a in tool.input.shape)) wrong.push(`${tool.name}: ${a}`);
    expect(wrong).toEqual([]);
  });

  it('leaves the scope and Zammad error classes to the pipeline: no tool file imports or tests them', () => {
    const root = new URL('.', import.meta.url).pathname;
    const offenders: string[] = [];
    for (const file of sourceFiles(root)) {
      const text = readFileSync(file, 'utf8');
      const name = relative(root, file);
      if (/'[./]*policy\/scope\.js'/.test(text)) offenders.push(`${name} imports policy/scope`);
      if (/instanceof ZammadError/.test(text)) offenders.push(`${name} tests instanceof ZammadError`);
      if (/\b(allowsGroup|checkTicket|ticketId)\(/.test(text)) offenders.push(`${name} checks the scope`);
    }
    expect(offenders).toEqual([]);
  });
});
