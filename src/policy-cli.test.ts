import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '@zammad-mcp/sandbox';
import { generateKey, keyLine } from './auth/api-keys.js';
import { policyCommand } from './policy-cli.js';

const RECIPE = join(import.meta.dirname, '../docs/examples/policy-team.yaml');
let sb: Sandbox;
let env: Record<string, string>;
beforeAll(async () => {
  sb = await startSandbox();
  env = {
    ZAMMAD_URL: sb.url,
    ZAMMAD_HTTP_TOKEN: sb.credentials.admin.token,
    MCP_TRANSPORT: 'http',
    MCP_API_KEYS: [
      keyLine('triage-bot', generateKey()),
      `${keyLine('team-lead', generateKey())}:read+write+external`,
    ].join('\n'),
    MCP_OAUTH_JWKS_URL: 'https://idp.example.com/jwks.json',
    MCP_OAUTH_ISSUER: 'https://idp.example.com/',
    MCP_OAUTH_AUDIENCE: 'https://mcp.example.com/mcp',
    MCP_PUBLIC_URL: 'https://mcp.example.com/mcp',
    MCP_ALLOW_WRITE: 'true',
    MCP_ALLOW_EXTERNAL: 'true',
    MCP_ALLOWED_TOOLS: 'apply_macro',
    MCP_POLICY_FILE: RECIPE,
  };
});
afterAll(async () => sb?.close());

async function run(argv: string[], e = env): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await policyCommand(argv, { env: e }, (l) => void lines.push(l));
  return { code, out: lines.join('\n') };
}

describe('zammad-mcp policy', () => {
  it('check: the recipe is valid against the configuration and Zammad’s groups', async () => {
    const r = await run(['check', RECIPE]);
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toMatch(/policy-team\.yaml: valid \(3 rules\)/);
    expect(r.out).not.toMatch(/not checked/);
  });

  it('check: a bad file exits 1 with every problem', async () => {
    const f = join(mkdtempSync(join(tmpdir(), 'zmcp-pcli-')), 'p.yml');
    writeFileSync(f, 'principals:\n  triage-bot:\n    allowed_groups: [Suport]\n    risk: high\n');
    const r = await run(['check', f]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /p\.yml:4: principals\.triage-bot\.risk: is not allowed\. Valid values: read, write, external, destructive/,
    );
    // Without a configuration the file itself is still checked; what is not, is said.
    const bare = await run(['check', RECIPE], {});
    expect(bare.code).toBe(0);
    expect(bare.out).toMatch(/Principals were not checked/);
  });

  it('explain: tools by risk, groups and quotas, and which rule or setting decided each', async () => {
    const r = await run(['explain', 'triage-bot']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Principal key:triage-bot \(API key\)/);
    expect(r.out).toMatch(/Risk ceiling: write \(rule triage-bot\)/);
    expect(r.out).toMatch(/Groups: Support \(rule triage-bot\)/);
    expect(r.out).toMatch(
      /Quotas: calls_per_minute 60 \(rule triage-bot\); write_quota_per_hour 50 \(rule triage-bot\)/,
    );
    expect(r.out).toMatch(/\+ add_internal_note \[tickets\]: yes/);
    expect(r.out).toMatch(/- update_ticket \[tickets\]: no — in denied_tools \(rule triage-bot\)/);
    expect(r.out).toMatch(
      /- search_users \[customers\]: no — toolset customers not in toolsets \(rule triage-bot\)/,
    );
    expect(r.out).toMatch(
      /- reply_to_customer \[tickets\]: no — external tools must be named in MCP_ALLOWED_TOOLS \(server\)/,
    );
    const lead = await run(['explain', 'team-lead']);
    expect(lead.out).toMatch(/the key's risks: read, write, external/);
    expect(lead.out).toMatch(
      /- delete_ticket \[tickets\]: no — destructive tools need MCP_ALLOW_DESTRUCTIVE/,
    );
    const auditor = await run(['explain', 'oauth:someone', '--claim', 'roles=auditor']);
    expect(auditor.out).toMatch(/Rules: claim:roles=auditor/);
    expect(auditor.out).toMatch(
      /- add_internal_note \[tickets\]: no — risk write above read \(rule claim:roles=auditor\)/,
    );
    const nobody = await run(['explain', 'oauth:someone']);
    expect(nobody.out).toMatch(/Refused: no rule of the policy file names oauth:someone/);
    expect((await run(['explain'])).code).toBe(2);
  });
});
