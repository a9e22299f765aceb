import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../config/index.js';
import { selectTools } from '../policy/select.js';
import { annotationsFor } from './define.js';
import { CATEGORIES, isGated, RISKS } from '../policy/risk.js';
import { ALL_TOOLS } from './registry.js';

type JsonSchema = {
  type?: string | string[];
  maxLength?: number;
  maximum?: number;
  minimum?: number;
  exclusiveMaximum?: number;
  maxItems?: number;
  enum?: unknown[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
};

/** Every string has a maximum length, every number a range, every list a maximum size. */
function unbounded(s: JsonSchema, path: string): string[] {
  if (s.anyOf) return s.anyOf.flatMap((x) => unbounded(x, path));
  if (s.enum) return [];
  const type = Array.isArray(s.type) ? s.type : [s.type];
  const out: string[] = [];
  if (type.includes('string') && s.maxLength === undefined) out.push(`${path}: string without maxLength`);
  if (
    (type.includes('number') || type.includes('integer')) &&
    (s.minimum === undefined || (s.maximum ?? s.exclusiveMaximum) === undefined)
  )
    out.push(`${path}: number without a range`);
  if (type.includes('array')) {
    if (s.maxItems === undefined) out.push(`${path}: array without maxItems`);
    if (s.items) out.push(...unbounded(s.items, `${path}[]`));
  }
  if (type.includes('object'))
    for (const [k, v] of Object.entries(s.properties ?? {})) out.push(...unbounded(v, `${path}.${k}`));
  return out;
}

describe('tool registry invariants', () => {
  it('has unique snake_case verb_noun names', () => {
    const names = ALL_TOOLS.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z]+(_[a-z]+)+$/);
  });

  it('gives every tool a known category and risk, a title and a bounded description', () => {
    for (const t of ALL_TOOLS) {
      expect(CATEGORIES).toContain(t.category);
      expect(RISKS).toContain(t.risk);
      expect(t.title.length).toBeGreaterThan(3);
      expect(t.description.length, t.name).toBeGreaterThan(40);
      expect(t.description.length, t.name).toBeLessThanOrEqual(600);
    }
  });

  it('derives annotations from risk and declared effect, never read-only and destructive at once', () => {
    for (const t of ALL_TOOLS) {
      const a = annotationsFor(t);
      expect(a.readOnlyHint).toBe(t.risk === 'read');
      // Destructive risk is always a destructive hint; a write may be one too (src/policy/effects.test.ts).
      if (t.risk === 'destructive') expect(a.destructiveHint).toBe(true);
      expect(a.readOnlyHint && a.destructiveHint).toBe(false);
    }
  });

  it('bounds every input: strings, numbers and lists', () => {
    for (const t of ALL_TOOLS) {
      const schema = z.toJSONSchema(t.input, { io: 'input' }) as JsonSchema;
      expect(schema.type).toBe('object');
      expect(unbounded(schema, t.name)).toEqual([]);
    }
  });

  it('has flat inputs: no single wrapper object', () => {
    for (const t of ALL_TOOLS) {
      const schema = z.toJSONSchema(t.input, { io: 'input' }) as JsonSchema;
      const props = Object.values(schema.properties ?? {});
      const objects = props.filter((p) => p.type === 'object');
      expect(objects.length, t.name).toBeLessThanOrEqual(1); // `attributes` (custom fields) is the one allowed
    }
  });

  it('enables nothing above read under the default configuration', () => {
    const r = loadConfig({ env: { ZAMMAD_URL: 'https://z.example.com', ZAMMAD_HTTP_TOKEN: 'x-token-1234' } });
    if (!r.ok) throw new Error(r.problems.join());
    const sel = selectTools(ALL_TOOLS, r.config.policy);
    expect(sel.errors).toEqual([]);
    expect(sel.enabled.length).toBeGreaterThan(0);
    expect(sel.enabled.every((t) => t.risk === 'read')).toBe(true);
  });

  it('makes no description claim a confirmation gate unless the tool has one', () => {
    for (const t of ALL_TOOLS) {
      if (isGated(t)) continue;
      expect(t.description, t.name).not.toMatch(/confirm|hmac|approval/i);
    }
  });
});
