import { describe, expect, it } from 'vitest';
import { ALL_TOOLS } from '../tools/registry.js';
import { EFFECTS } from './effects.js';
import { annotationsFor } from './risk.js';

const byName = (n: string) => {
  const t = ALL_TOOLS.find((x) => x.name === n);
  if (!t) throw new Error(`no tool ${n}`);
  return annotationsFor(t);
};

describe('annotations follow the specification’s meaning per tool', () => {
  it('every tool that changes Zammad declares its effect, and nothing else is declared', () => {
    const changing = ALL_TOOLS.filter((t) => t.risk !== 'read').map((t) => t.name);
    expect(changing.filter((n) => !(n in EFFECTS))).toEqual([]);
    expect(Object.keys(EFFECTS).filter((n) => !changing.includes(n))).toEqual([]);
  });

  it('an overwriting update is not "additive": destructiveHint true, and idempotent', () => {
    for (const n of [
      'update_ticket',
      'update_user',
      'update_organization',
      'remove_ticket_tag',
      'unlink_tickets',
    ])
      expect(byName(n), n).toMatchObject({
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: true,
      });
  });

  it('creating adds: not destructive, and not idempotent (each call makes another record)', () => {
    for (const n of [
      'create_ticket',
      'add_internal_note',
      'add_time_accounting',
      'create_user',
      'reply_to_customer',
    ])
      expect(byName(n), n).toMatchObject({ destructiveHint: false, idempotentHint: false });
  });

  it('adding a tag or a link again changes nothing: additive and idempotent', () => {
    for (const n of ['add_ticket_tag', 'link_tickets'])
      expect(byName(n), n).toMatchObject({ destructiveHint: false, idempotentHint: true });
  });

  it('destructive tools are destructive whatever else; read tools are read-only and idempotent', () => {
    for (const t of ALL_TOOLS) {
      const a = annotationsFor(t);
      if (t.risk === 'destructive') expect(a.destructiveHint, t.name).toBe(true);
      if (t.risk === 'read')
        expect(a, t.name).toMatchObject({ readOnlyHint: true, destructiveHint: false, idempotentHint: true });
    }
    expect(byName('apply_macro')).toMatchObject({ destructiveHint: true, idempotentHint: false });
  });

  it('a tool nobody declared gets the cautious reading', () => {
    expect(annotationsFor({ name: 'frobnicate_ticket', risk: 'write', title: 'x' })).toMatchObject({
      destructiveHint: true,
      idempotentHint: false,
    });
  });
});
