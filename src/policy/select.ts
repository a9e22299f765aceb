/**
 * Tool selection: which tools exist for this server. Runs once at start-up, in this fixed order
 * (docs/security.md has the table):
 *   1. read-only (MCP_READ_ONLY) caps the risk ceiling at `read`, over everything else;
 *   2. deny (MCP_DENIED_TOOLS) always wins;
 *   3. categories (MCP_ALLOWED_CATEGORIES), then toolsets (MCP_TOOLSETS);
 *   4. risk ceiling: `write` needs MCP_ALLOW_WRITE; `external` and `destructive` need two keys —
 *      MCP_ALLOW_EXTERNAL / MCP_ALLOW_DESTRUCTIVE and the tool named in MCP_ALLOWED_TOOLS.
 * The server checks the same decision again on every call.
 */
import type { PolicyConfig } from '../config/index.js';
import { CATEGORIES, type Category, type Risk, type Toolset } from './risk.js';

/** What selection reads of a tool declaration. */
export interface Selectable {
  name: string;
  risk: Risk;
  category: Category;
  toolset: Toolset;
}

export interface Selection<T extends Selectable = Selectable> {
  enabled: T[];
  disabled: Array<{ tool: T; reason: string }>;
  warnings: string[];
  /** Start-up errors: the server must not serve. */
  errors: string[];
  ceiling: Risk;
}

export function globToRegExp(glob: string): RegExp {
  const esc = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${esc}$`, 'i');
}

function matcher(patterns: readonly string[]): (name: string) => boolean {
  const res = patterns.map(globToRegExp);
  return (name) => res.some((r) => r.test(name));
}

/** Patterns that match no tool at all are typos: they must not silently widen or empty the tool set. */
function unknownPatterns(patterns: readonly string[], names: readonly string[]): string[] {
  return patterns.filter((p) => !names.some((n) => globToRegExp(p).test(n)));
}

export function selectTools<T extends Selectable>(
  all: readonly T[],
  p: PolicyConfig,
  reserved: readonly string[] = [],
): Selection<T> {
  const errors: string[] = [];
  const warnings: string[] = [];
  const names = all.map((t) => t.name);
  const validNames = `Valid tool names: ${names.join(', ')}.`;

  const known = [...names, ...reserved];
  const badDenied = unknownPatterns(p.deniedTools, known);
  if (badDenied.length)
    errors.push(`MCP_DENIED_TOOLS names unknown tools: ${badDenied.join(', ')}. ${validNames}`);
  const badAllowed = unknownPatterns(p.allowedTools, known);
  if (badAllowed.length)
    errors.push(`MCP_ALLOWED_TOOLS names unknown tools: ${badAllowed.join(', ')}. ${validNames}`);
  const cats = p.allowedCategories?.map((c) => c.toLowerCase());
  const badCats = (cats ?? []).filter((c) => !(CATEGORIES as readonly string[]).includes(c));
  if (badCats.length)
    errors.push(
      `MCP_ALLOWED_CATEGORIES names unknown categories: ${badCats.join(', ')}. Valid categories: ${CATEGORIES.join(', ')}.`,
    );

  const denied = matcher(p.deniedTools);
  const allowed = matcher(p.allowedTools);
  const ceiling: Risk = p.readOnly
    ? 'read'
    : p.allowWrite || p.allowExternal || p.allowDestructive
      ? 'write'
      : 'read';

  if (p.readOnly && (p.allowWrite || p.allowExternal || p.allowDestructive)) {
    warnings.push(
      'MCP_READ_ONLY=true overrides MCP_ALLOW_WRITE/EXTERNAL/DESTRUCTIVE: only read tools are enabled.',
    );
  }
  const twoKey = (risk: 'external' | 'destructive', flag: boolean, env: string): void => {
    if (p.readOnly) return;
    const ofRisk = all.filter((t) => t.risk === risk);
    const named = ofRisk.filter((t) => allowed(t.name) && !denied(t.name));
    if (flag && named.length === 0)
      warnings.push(
        `${env}=true but MCP_ALLOWED_TOOLS names no ${risk} tool: no ${risk} tool is enabled. Name them, e.g. MCP_ALLOWED_TOOLS=${ofRisk[0]?.name ?? ''}.`,
      );
    if (!flag && named.length > 0)
      warnings.push(
        `MCP_ALLOWED_TOOLS names ${risk} tools (${named.map((t) => t.name).join(', ')}) but ${env} is not true: they stay disabled.`,
      );
  };
  const outside = all.filter((t) => allowed(t.name) && !p.toolsets.includes(t.toolset));
  if (outside.length)
    warnings.push(
      `MCP_ALLOWED_TOOLS names ${outside.map((t) => `${t.name} (toolset ${t.toolset})`).join(', ')}, outside MCP_TOOLSETS: they stay disabled. Add the toolset to MCP_TOOLSETS to enable them.`,
    );
  // MCP_ALLOWED_TOOLS is the second key of gated tools only: naming a read or write tool in it
  // changes nothing, which is worth saying when the named tool stays disabled.
  const namedWrite = all.filter((t) => t.risk === 'write' && allowed(t.name) && !denied(t.name));
  if (namedWrite.length && (p.readOnly || !p.allowWrite))
    warnings.push(
      `MCP_ALLOWED_TOOLS names write tools (${namedWrite.map((t) => t.name).join(', ')}) but the risk ceiling is read (${p.readOnly ? 'MCP_READ_ONLY=true' : 'MCP_ALLOW_WRITE is not true'}): they stay disabled. MCP_ALLOWED_TOOLS only names external and destructive tools; write tools need MCP_ALLOW_WRITE=true${p.readOnly ? ' and MCP_READ_ONLY off' : ''}.`,
    );
  if (p.readOnly) {
    const gatedNamed = all.filter(
      (t) => (t.risk === 'external' || t.risk === 'destructive') && allowed(t.name) && !denied(t.name),
    );
    if (gatedNamed.length)
      warnings.push(
        `MCP_ALLOWED_TOOLS names ${gatedNamed.map((t) => t.name).join(', ')} but MCP_READ_ONLY=true: they stay disabled.`,
      );
  }
  twoKey('external', p.allowExternal, 'MCP_ALLOW_EXTERNAL');
  twoKey('destructive', p.allowDestructive, 'MCP_ALLOW_DESTRUCTIVE');

  const enabled: T[] = [];
  const disabled: Selection<T>['disabled'] = [];
  for (const t of all) {
    const reason = decide(t, p, cats, denied, allowed);
    if (reason) disabled.push({ tool: t, reason });
    else enabled.push(t);
  }
  if (enabled.length === 0 && errors.length === 0) {
    errors.push(
      'This configuration enables no tool at all. Check MCP_TOOLSETS, MCP_ALLOWED_CATEGORIES and MCP_DENIED_TOOLS.',
    );
  }
  return { enabled, disabled, warnings, errors, ceiling };
}

function decide(
  t: Selectable,
  p: PolicyConfig,
  cats: string[] | undefined,
  denied: (n: string) => boolean,
  allowed: (n: string) => boolean,
): string | undefined {
  if (p.readOnly && t.risk !== 'read') return 'read-only mode';
  if (denied(t.name)) return 'denied by MCP_DENIED_TOOLS';
  if (cats && !cats.includes(t.category)) return `category ${t.category} not in MCP_ALLOWED_CATEGORIES`;
  if (!p.toolsets.includes(t.toolset)) return `toolset ${t.toolset} not in MCP_TOOLSETS`;
  switch (t.risk) {
    case 'read':
      return undefined;
    case 'write':
      return p.allowWrite ? undefined : 'write tools need MCP_ALLOW_WRITE=true';
    case 'external':
      if (!p.allowExternal)
        return 'external tools need MCP_ALLOW_EXTERNAL=true and the tool in MCP_ALLOWED_TOOLS';
      return allowed(t.name) ? undefined : 'external tools must be named in MCP_ALLOWED_TOOLS';
    case 'destructive':
      if (!p.allowDestructive)
        return 'destructive tools need MCP_ALLOW_DESTRUCTIVE=true and the tool in MCP_ALLOWED_TOOLS';
      return allowed(t.name) ? undefined : 'destructive tools must be named in MCP_ALLOWED_TOOLS';
  }
}
