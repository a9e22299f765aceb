/**
 * The context every conversation pays: the default tools/list and dynamic mode's first one, in
 * o200k tokens (what `npm run bench` reports). Token counts are exact, so these are budgets, not
 * timings: a tool or parameter that grows them past the budget fails here first.
 */
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokens } from '../bench/tokens.js';
import { advertisedAnnotations, annotationsFor } from '../src/policy/risk.js';
import { ALL_TOOLS } from '../src/tools/registry.js';
import { connectInProcess } from './inprocess.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});

async function listTokens(env: Record<string, string>): Promise<{ tokens: number; tools: string[] }> {
  const c = await connectInProcess(sb, env);
  const list = await c.client.listTools();
  await c.close();
  return { tokens: tokens(JSON.stringify(list)), tools: list.tools.map((t) => t.name) };
}

describe('advertised annotations', () => {
  it('mean exactly what the full annotations mean, read with the specification’s defaults', () => {
    const DEFAULTS = {
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: true,
    };
    for (const t of ALL_TOOLS) {
      const { title: _title, ...full } = annotationsFor(t);
      const read = { ...DEFAULTS, ...advertisedAnnotations(annotationsFor(t)) };
      // destructive/idempotent hints mean nothing for a read-only tool (the specification).
      if (full.readOnlyHint)
        expect(
          { ...read, destructiveHint: full.destructiveHint, idempotentHint: full.idempotentHint },
          t.name,
        ).toEqual(full);
      else expect(read, t.name).toEqual(full);
    }
  });
});

describe('tools/list budgets', () => {
  it('the default configuration lists its tools in at most 3,000 tokens', async () => {
    const r = await listTokens({});
    expect(r.tools).toContain('get_current_user'); // the worklist toolset is in the default
    expect(r.tokens).toBeLessThanOrEqual(3000);
  });

  it('dynamic mode starts with at most 600 tokens', async () => {
    const r = await listTokens({ MCP_DYNAMIC_TOOLSETS: 'true' });
    expect(r.tools).toEqual(['list_toolsets', 'enable_toolset']);
    expect(r.tokens).toBeLessThanOrEqual(600);
  });

  it('no tool repeats what annotations and schemas already say', async () => {
    const c = await connectInProcess(sb, { MCP_TOOLSETS: 'all', MCP_ALLOW_WRITE: 'true' });
    const { tools } = await c.client.listTools();
    await c.close();
    for (const t of tools) {
      // The title is the tool's own; annotations carry only what differs from the defaults.
      expect(t.annotations ?? {}, t.name).not.toHaveProperty('title');
      expect(t.annotations ?? {}, t.name).not.toHaveProperty('openWorldHint');
      expect(JSON.stringify(t.inputSchema), t.name).not.toMatch(/"minLength":1[,}]|2147483647/);
    }
  });
});
