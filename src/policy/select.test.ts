import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { PolicyConfig } from '../config/index.js';
import { defineTool, type AnyTool } from '../tools/define.js';
import { TOOLSETS, type Category, type Risk, type Toolset } from './risk.js';
import { globToRegExp, selectTools } from './select.js';

function tool(name: string, category: Category, risk: Risk, toolset: Toolset = 'tickets'): AnyTool {
  return defineTool({
    name,
    title: name,
    description: `${name} test tool`,
    category,
    toolset,
    risk,
    input: z.object({}),
    output: z.object({}),
    handler: async () => ({ text: '', structured: {} }),
  });
}

const TOOLS = [
  tool('search_tickets', 'tickets', 'read'),
  tool('get_user', 'users', 'read', 'customers'),
  tool('list_groups', 'groups', 'read', 'reference'),
  tool('search_knowledge_base', 'knowledge', 'read'),
  tool('add_internal_note', 'tickets', 'write'),
  tool('create_user', 'users', 'write'),
  tool('reply_to_customer', 'tickets', 'external'),
  tool('merge_tickets', 'tickets', 'destructive', 'bulk'),
  tool('delete_ticket', 'tickets', 'destructive'),
  tool('delete_user', 'users', 'destructive'),
  tool('delete_organization', 'organizations', 'destructive'),
];

const base: PolicyConfig = {
  readOnly: false,
  allowWrite: false,
  allowExternal: false,
  allowDestructive: false,
  allowedTools: [],
  deniedTools: [],
  allowedCategories: undefined,
  allowedGroups: undefined,
  allowedRecipientDomains: [],
  toolsets: TOOLSETS,
  dynamicToolsets: false,
};

const names = (p: Partial<PolicyConfig>): string[] =>
  selectTools(TOOLS, { ...base, ...p }).enabled.map((t) => t.name);

describe('tool selection', () => {
  const table: Array<[string, Partial<PolicyConfig>, string[]]> = [
    ['default: read only', {}, ['search_tickets', 'get_user', 'list_groups', 'search_knowledge_base']],
    [
      'the configuration users already write',
      {
        deniedTools: ['delete_ticket', 'delete_user', 'delete_organization'],
        allowedCategories: ['tickets', 'users', 'organizations', 'groups', 'system'],
      },
      ['search_tickets', 'get_user', 'list_groups'],
    ],
    [
      'write',
      { allowWrite: true },
      [
        'search_tickets',
        'get_user',
        'list_groups',
        'search_knowledge_base',
        'add_internal_note',
        'create_user',
      ],
    ],
    [
      'external needs both keys',
      { allowWrite: true, allowExternal: true, allowedTools: ['reply_to_customer'] },
      [
        'search_tickets',
        'get_user',
        'list_groups',
        'search_knowledge_base',
        'add_internal_note',
        'create_user',
        'reply_to_customer',
      ],
    ],
    [
      'external flag alone enables nothing external',
      { allowExternal: true },
      ['search_tickets', 'get_user', 'list_groups', 'search_knowledge_base'],
    ],
    [
      'allow-list alone enables nothing external',
      { allowedTools: ['reply_to_customer'] },
      ['search_tickets', 'get_user', 'list_groups', 'search_knowledge_base'],
    ],
    [
      'destructive by glob',
      { allowDestructive: true, allowedTools: ['delete_*'] },
      [
        'search_tickets',
        'get_user',
        'list_groups',
        'search_knowledge_base',
        'delete_ticket',
        'delete_user',
        'delete_organization',
      ],
    ],
    [
      'read-only wins over everything',
      { readOnly: true, allowWrite: true, allowExternal: true, allowDestructive: true, allowedTools: ['*'] },
      ['search_tickets', 'get_user', 'list_groups', 'search_knowledge_base'],
    ],
    [
      'deny wins over allow',
      { allowDestructive: true, allowedTools: ['*'], deniedTools: ['merge_tickets', 'delete_u*'] },
      [
        'search_tickets',
        'get_user',
        'list_groups',
        'search_knowledge_base',
        'delete_ticket',
        'delete_organization',
      ],
    ],
    ['categories narrow', { allowedCategories: ['groups'] }, ['list_groups']],
  ];
  it.each(table)('%s', (_name, p, expected) => {
    expect(names(p)).toEqual(expected);
  });

  it('warns when one key of two is given', () => {
    expect(selectTools(TOOLS, { ...base, allowExternal: true }).warnings.join()).toMatch(
      /MCP_ALLOW_EXTERNAL=true but MCP_ALLOWED_TOOLS names no external tool/,
    );
    expect(selectTools(TOOLS, { ...base, allowedTools: ['delete_ticket'] }).warnings.join()).toMatch(
      /names destructive tools \(delete_ticket\) but MCP_ALLOW_DESTRUCTIVE is not true/,
    );
    expect(selectTools(TOOLS, { ...base, readOnly: true, allowWrite: true }).warnings.join()).toMatch(
      /MCP_READ_ONLY=true overrides/,
    );
  });

  it('refuses unknown tool and category names, listing the valid ones', () => {
    const s = selectTools(TOOLS, {
      ...base,
      deniedTools: ['delete_tickets'],
      allowedTools: ['reply_to_customers'],
      allowedCategories: ['ticket'],
    });
    expect(s.errors).toHaveLength(3);
    expect(s.errors[0]).toMatch(
      /MCP_DENIED_TOOLS names unknown tools: delete_tickets. Valid tool names: search_tickets/,
    );
    expect(s.errors[1]).toMatch(/MCP_ALLOWED_TOOLS names unknown tools: reply_to_customers/);
    expect(s.errors[2]).toMatch(
      /unknown categories: ticket. Valid categories: tickets, users, organizations, groups, system, knowledge/,
    );
  });

  it('says why a write tool named in MCP_ALLOWED_TOOLS stays disabled under a read ceiling', () => {
    const s = selectTools(TOOLS, { ...base, allowedTools: ['add_internal_note'] });
    expect(s.enabled.map((t) => t.name)).not.toContain('add_internal_note');
    expect(s.warnings).toEqual([
      'MCP_ALLOWED_TOOLS names write tools (add_internal_note) but the risk ceiling is read (MCP_ALLOW_WRITE is not true): they stay disabled. MCP_ALLOWED_TOOLS only names external and destructive tools; write tools need MCP_ALLOW_WRITE=true.',
    ]);
    const ro = selectTools(TOOLS, {
      ...base,
      readOnly: true,
      allowedTools: ['add_internal_note', 'delete_ticket'],
    });
    expect(ro.warnings.join('\n')).toContain('risk ceiling is read (MCP_READ_ONLY=true)');
    expect(ro.warnings.join('\n')).toContain(
      'names delete_ticket but MCP_READ_ONLY=true: they stay disabled.',
    );
    // With the write key turned, naming it is harmless and not warned about.
    expect(
      selectTools(TOOLS, { ...base, allowWrite: true, allowedTools: ['add_internal_note'] }).warnings,
    ).toEqual([]);
  });

  it('refuses a configuration that leaves no tool', () => {
    expect(selectTools(TOOLS, { ...base, deniedTools: ['*'] }).errors.join()).toMatch(
      /enables no tool at all/,
    );
  });

  it('matches globs exactly, case-insensitively, without regex injection', () => {
    expect(globToRegExp('delete_*').test('delete_ticket')).toBe(true);
    expect(globToRegExp('delete_*').test('undelete_ticket')).toBe(false);
    expect(globToRegExp('get_(.*)').test('get_user')).toBe(false);
    expect(globToRegExp('GET_USER').test('get_user')).toBe(true);
  });
});

describe('toolsets narrow the selection (MCP_TOOLSETS)', () => {
  it('drops the tools of toolsets not named, whatever else allows them', () => {
    expect(names({ toolsets: ['customers', 'reference'] })).toEqual(['get_user', 'list_groups']);
    const sel = selectTools(TOOLS, { ...base, toolsets: ['reference'] });
    expect(sel.disabled.find((d) => d.tool.name === 'search_tickets')?.reason).toBe(
      'toolset tickets not in MCP_TOOLSETS',
    );
  });

  it('never widens: a deny, a category or the risk ceiling still decide inside a toolset', () => {
    expect(names({ toolsets: ['customers', 'reference'], deniedTools: ['get_user'] })).toEqual([
      'list_groups',
    ]);
    expect(names({ toolsets: ['reference'], allowedCategories: ['tickets'] })).toEqual([]);
    expect(names({ toolsets: ['bulk'], allowDestructive: true })).toEqual([]);
    expect(names({ toolsets: ['bulk'], allowDestructive: true, allowedTools: ['merge_tickets'] })).toEqual([
      'merge_tickets',
    ]);
  });

  it('warns when MCP_ALLOWED_TOOLS names a tool whose toolset is not selected', () => {
    const sel = selectTools(TOOLS, {
      ...base,
      toolsets: ['tickets'],
      allowDestructive: true,
      allowedTools: ['merge_tickets'],
    });
    expect(sel.warnings.join('\n')).toMatch(/merge_tickets \(toolset bulk\), outside MCP_TOOLSETS/);
  });

  it('an empty result names MCP_TOOLSETS among the settings to check', () => {
    const sel = selectTools(TOOLS, { ...base, toolsets: ['knowledge'], allowedCategories: ['users'] });
    expect(sel.errors.join('\n')).toMatch(/MCP_TOOLSETS/);
  });
});
