import { describe, expect, it } from 'vitest';
import { calledTool, risksMissing, toolRisks, toolsFor, toolsForEachPrincipal } from './principals.js';
import type { Risk } from './risk.js';

const tools = [
  { name: 'get_ticket', risk: 'read' as const },
  { name: 'add_tag', risk: 'write' as const },
  { name: 'reply', risk: 'external' as const },
  { name: 'delete_ticket', risk: 'destructive' as const },
];
const holder = (...risks: Risk[]): { risks: ReadonlySet<Risk> } => ({ risks: new Set(risks) });
const call = (name: string, id = 1): Record<string, unknown> => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name, arguments: {} },
});

describe('per-principal tools', () => {
  it('a principal sees the tools of its risks, in the server’s order; the same list for the same risks', () => {
    expect(toolsFor(tools, holder('read', 'external')).map((t) => t.name)).toEqual(['get_ticket', 'reply']);
    const each = toolsForEachPrincipal(tools);
    expect(each(holder('write', 'read'))).toBe(each(holder('read', 'write')));
    expect(each(holder('read')).map((t) => t.name)).toEqual(['get_ticket']);
  });

  it('a body needs the risk of every tool it calls, in a batch too; unknown tools need none', () => {
    const r = toolRisks(tools);
    const reader = holder('read');
    expect([...risksMissing(call('get_ticket'), r, reader)]).toEqual([]);
    expect([...risksMissing(call('add_tag'), r, reader)]).toEqual(['write']);
    expect([...risksMissing([call('get_ticket'), call('delete_ticket', 2)], r, reader)]).toEqual([
      'destructive',
    ]);
    expect([...risksMissing(call('no_such_tool'), r, reader)]).toEqual([]);
    expect([...risksMissing({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, r, holder())]).toEqual([]);
    expect([...risksMissing(undefined, r, reader)]).toEqual([]);
  });

  it('confirm_action needs one of the gated risks the server enables; resources need read', () => {
    const r = toolRisks(tools);
    expect([...risksMissing(call('confirm_action'), r, holder('read', 'write'))].sort()).toEqual([
      'destructive',
      'external',
    ]);
    expect([...risksMissing(call('confirm_action'), r, holder('read', 'external'))]).toEqual([]);
    // With no gated tool enabled, confirm_action needs nothing (the server does not list it).
    expect([...risksMissing(call('confirm_action'), toolRisks(tools.slice(0, 2)), holder())]).toEqual([]);
    const read = { jsonrpc: '2.0', id: 1, method: 'resources/read', params: { uri: 'zammad://ticket/1' } };
    expect([...risksMissing(read, r, holder('write'))]).toEqual(['read']);
    expect([...risksMissing(read, r, holder('read'))]).toEqual([]);
  });

  it('names the tool of a single tools/call only', () => {
    expect(calledTool(call('get_ticket'))).toBe('get_ticket');
    expect(calledTool([call('get_ticket')])).toBeUndefined();
    expect(calledTool({ method: 'tools/list' })).toBeUndefined();
  });
});
