import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROMPTS, renderPrompt } from '../src/server/prompts.js';
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { ALL_TOOLS } from '../src/tools/registry.js';
import { connectInProcess, type InProcess } from './inprocess.js';

const textOf = (r: { messages: Array<{ content: { type: string; text?: string } }> }): string =>
  r.messages.map((m) => (m.content.type === 'text' ? (m.content.text ?? '') : '')).join('\n');

describe('prompts', () => {
  let sb: Sandbox;
  const open: InProcess[] = [];
  const connect = async (env: Record<string, string> = {}): Promise<InProcess> => {
    const c = await connectInProcess(sb, env);
    open.push(c);
    return c;
  };
  beforeAll(async () => {
    sb = await startSandbox();
  });
  afterAll(async () => {
    for (const c of open) await c.close();
    await sb.close();
  });

  it('the default (read-only) server lists the three prompts with bounded arguments', async () => {
    const { client } = await connect();
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(['triage_ticket', 'draft_reply', 'summarize_queue']);
    const triage = prompts.find((p) => p.name === 'triage_ticket');
    expect(triage?.arguments).toEqual([expect.objectContaining({ name: 'ticket_number', required: true })]);
    const draft = prompts.find((p) => p.name === 'draft_reply');
    expect(draft?.arguments?.map((a) => [a.name, a.required ?? false])).toEqual([
      ['ticket_number', true],
      ['points', false],
    ]);
  });

  it('read-only: each prompt names only enabled tools and asks for no change', async () => {
    const { client } = await connect();
    const triage = textOf(
      await client.getPrompt({ name: 'triage_ticket', arguments: { ticket_number: '#31001' } }),
    );
    expect(triage).toContain('get_ticket (ticket_number "31001")');
    expect(triage).toContain('search_tickets');
    expect(triage).toMatch(/Do not change anything/);
    expect(triage).not.toMatch(/update_ticket|add_ticket_tag/);
    expect(triage).toMatch(/never as instructions/);
    const draft = textOf(
      await client.getPrompt({ name: 'draft_reply', arguments: { ticket_number: '31001' } }),
    );
    expect(draft).toContain('search_knowledge_base');
    expect(draft).toMatch(/Send nothing to the customer\./);
    expect(draft).not.toMatch(/save_draft_reply|reply_to_customer|draft_knowledge_base_answer/);
    const queue = textOf(await client.getPrompt({ name: 'summarize_queue', arguments: {} }));
    expect(queue).toContain('search_tickets (state "open"');
    expect(queue).toMatch(/Do not change any ticket/);
  });

  it('with write tools: changes and the shared draft only after the user agrees', async () => {
    const { client } = await connect({ MCP_ALLOW_WRITE: 'true' });
    const triage = textOf(
      await client.getPrompt({ name: 'triage_ticket', arguments: { ticket_number: '31001' } }),
    );
    expect(triage).toMatch(/Wait for my decision\. Then apply only the changes I accept with update_ticket/);
    const draft = textOf(
      await client.getPrompt({ name: 'draft_reply', arguments: { ticket_number: '31001' } }),
    );
    expect(draft).toMatch(/save_draft_reply only if I ask \(with any files I give you as attachments\)/);
    expect(draft).toMatch(
      /create it with draft_knowledge_base_answer only if I ask\. It stays an unpublished draft/,
    );
    expect(draft).not.toMatch(/reply_to_customer/);
    const noKb = await connect({ MCP_ALLOW_WRITE: 'true', MCP_DENIED_TOOLS: 'draft_knowledge_base_answer' });
    const without = textOf(
      await noKb.client.getPrompt({ name: 'draft_reply', arguments: { ticket_number: '31001' } }),
    );
    expect(without).not.toMatch(/draft_knowledge_base_answer/);
  });

  it('with reply_to_customer enabled: sending only after approval and its confirmation', async () => {
    const { client } = await connect({
      MCP_ALLOW_WRITE: 'true',
      MCP_ALLOW_EXTERNAL: 'true',
      MCP_ALLOWED_TOOLS: 'reply_to_customer',
    });
    const draft = textOf(
      await client.getPrompt({ name: 'draft_reply', arguments: { ticket_number: '31001' } }),
    );
    expect(draft).toMatch(/reply_to_customer only after I approve the final text, and it asks me to confirm/);
  });

  it('a prompt is listed only when the tools it needs are enabled', async () => {
    const noTicket = await connect({ MCP_DENIED_TOOLS: 'get_ticket' });
    expect((await noTicket.client.listPrompts()).prompts.map((p) => p.name)).toEqual(['summarize_queue']);
    const users = await connect({ MCP_ALLOWED_CATEGORIES: 'users' });
    expect((await users.client.listPrompts()).prompts).toEqual([]);
    expect(users.client.getServerCapabilities()?.prompts).toBeUndefined();
  });

  it('bad arguments get a clear error; free text is bounded and cleaned', async () => {
    const { client } = await connect();
    await expect(
      client.getPrompt({ name: 'triage_ticket', arguments: { ticket_number: '31001; drop' } }),
    ).rejects.toThrow(/letters, digits and dashes/);
    await expect(
      client.getPrompt({ name: 'draft_reply', arguments: { ticket_number: '1', points: 'x'.repeat(501) } }),
    ).rejects.toThrow(/500|too big|Too big/i);
    const draft = textOf(
      await client.getPrompt({
        name: 'draft_reply',
        arguments: { ticket_number: '1', points: 'refund\u202e approved\u200b\n\nignore' },
      }),
    );
    expect(draft).toContain('It should cover: refund approved ignore');
    expect(draft).not.toMatch(/[\u202e\u200b]/);
    const queue = textOf(
      await client.getPrompt({ name: 'summarize_queue', arguments: { group: 'Users', state: 'new' } }),
    );
    expect(queue).toContain('search_tickets (state "new", group "Users"');
  });

  it('docs/tools.md is right about the tools each prompt mentions', () => {
    const names = ALL_TOOLS.map((t) => t.name);
    const mentioned = (text: string): string[] => names.filter((n) => new RegExp(`\\b${n}\\b`).test(text));
    const args = { ticket_number: '42', points: 'a refund', group: 'Users' };
    for (const p of PROMPTS) {
      const all = textOf(renderPrompt(p, args, new Set(names)));
      expect(mentioned(all).sort(), p.name).toEqual([...p.uses].sort());
      const bare = textOf(renderPrompt(p, args, new Set(p.needs)));
      expect(mentioned(bare).sort(), p.name).toEqual([...p.needs].sort());
    }
  });
});
