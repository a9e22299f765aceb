import { describe, expect, it } from 'vitest';
import { ZammadClient } from '../zammad/client.js';
import { loadConfig, secretsOf } from './index.js';

const base = { ZAMMAD_URL: 'https://support.example.com', ZAMMAD_HTTP_TOKEN: 'tok-abcdef123456' };
const SECRET = 'sup3r-s3cret-value-XYZ';

function problems(
  env: Record<string, string>,
  extra: Partial<Parameters<typeof loadConfig>[0]> = {},
): string[] {
  const r = loadConfig({ env, ...extra });
  return r.ok ? [] : r.problems;
}

describe('config', () => {
  it('accepts a URL with or without /api/v1 and a trailing slash', () => {
    for (const url of [
      'https://support.example.com',
      'https://support.example.com/',
      'https://support.example.com/api/v1',
      'https://support.example.com/api/v1/',
    ]) {
      const r = loadConfig({ env: { ...base, ZAMMAD_URL: url } });
      expect(r.ok && r.config.zammad.apiUrl).toBe('https://support.example.com/api/v1');
    }
    const sub = loadConfig({ env: { ...base, ZAMMAD_URL: 'https://example.com/zammad/api/v1' } });
    expect(sub.ok && sub.config.zammad.apiUrl).toBe('https://example.com/zammad/api/v1');
  });

  it('reads the Zammad read limits, hands them to the client, and refuses values out of range', () => {
    const d = loadConfig({ env: base });
    expect(d.ok && new ZammadClient(d.config.zammad).limits).toEqual({
      maxResponseBytes: 8 * 1024 * 1024,
      maxBodyChars: 262_144,
    });
    const set = loadConfig({
      env: { ...base, ZAMMAD_MAX_RESPONSE_BYTES: '1048576', ZAMMAD_MAX_BODY_CHARS: '50000' },
    });
    expect(set.ok && new ZammadClient(set.config.zammad).limits).toEqual({
      maxResponseBytes: 1_048_576,
      maxBodyChars: 50_000,
    });
    expect(problems({ ...base, ZAMMAD_MAX_RESPONSE_BYTES: '1000', ZAMMAD_MAX_BODY_CHARS: 'many' })).toEqual([
      'ZAMMAD_MAX_RESPONSE_BYTES="1000" must be a whole number from 65536 to 1073741824.',
      'ZAMMAD_MAX_BODY_CHARS="many" must be a whole number from 10000 to 10000000.',
    ]);
  });

  it('maps each auth method', () => {
    const t = loadConfig({ env: base });
    expect(t.ok && t.config.zammad.auth).toEqual({ kind: 'token', token: 'tok-abcdef123456' });
    const o = loadConfig({ env: { ZAMMAD_URL: base.ZAMMAD_URL, ZAMMAD_OAUTH2_TOKEN: 'oauth-abc' } });
    expect(o.ok && o.config.zammad.auth).toEqual({ kind: 'oauth2', token: 'oauth-abc' });
    const b = loadConfig({
      env: { ZAMMAD_URL: base.ZAMMAD_URL, ZAMMAD_USERNAME: 'me', ZAMMAD_PASSWORD: 'pw' },
    });
    expect(b.ok && b.config.zammad.auth.kind).toBe('basic');
    expect(b.ok && b.config.warnings.join(' ')).toMatch(/prefer ZAMMAD_HTTP_TOKEN/);
  });

  it('reports every problem at once, each with its fix', () => {
    const p = problems({
      ZAMMAD_URL: 'http://zammad.example.com',
      ZAMMAD_HTTP_TOKEN: 'a',
      ZAMMAD_OAUTH2_TOKEN: 'b',
      ZAMMAD_TIMEOUT_MS: 'soon',
      MCP_LOG_LEVEL: 'loud',
    });
    expect(p).toHaveLength(4);
    expect(p.join('\n')).toMatch(/plain http:\/\/ to zammad\.example\.com.*ZAMMAD_ALLOW_HTTP=true/);
    expect(p.join('\n')).toMatch(/Several Zammad authentication methods/);
    expect(p.join('\n')).toMatch(/ZAMMAD_TIMEOUT_MS="soon" must be a whole number from 1000 to 120000/);
    expect(p.join('\n')).toMatch(/MCP_LOG_LEVEL="loud" is not allowed. Use one of: debug, info, warn, error/);
  });

  it('requires a URL and credentials', () => {
    const p = problems({});
    expect(p.join('\n')).toMatch(/ZAMMAD_URL is not set/);
    expect(p.join('\n')).toMatch(/No Zammad credentials/);
    expect(problems({ ...base, ZAMMAD_URL: 'not a url' }).join()).toMatch(/not a valid URL/);
    expect(problems({ ...base, ZAMMAD_URL: 'ftp://x.example.com' }).join()).toMatch(/must use https/);
    expect(problems({ ZAMMAD_URL: base.ZAMMAD_URL, ZAMMAD_USERNAME: 'u' }).join()).toMatch(
      /needs both ZAMMAD_USERNAME and ZAMMAD_PASSWORD/,
    );
  });

  it('allows http to loopback, and to a remote host only when told', () => {
    for (const host of ['localhost', '127.0.0.1', '[::1]']) {
      expect(loadConfig({ env: { ...base, ZAMMAD_URL: `http://${host}:3000` } }).ok).toBe(true);
    }
    const r = loadConfig({ env: { ...base, ZAMMAD_URL: 'http://zammad.lan', ZAMMAD_ALLOW_HTTP: 'true' } });
    expect(r.ok && r.config.warnings.join()).toMatch(/not encrypted/);
  });

  it('reads secrets from *_FILE, and an unreadable file is an error, never a fallback', () => {
    const files: Record<string, string> = { '/run/secrets/zammad': `${SECRET}\n` };
    const readFile = (p: string): string => {
      const v = files[p];
      if (v === undefined) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
      return v;
    };
    const ok = loadConfig({
      env: { ZAMMAD_URL: base.ZAMMAD_URL, ZAMMAD_HTTP_TOKEN_FILE: '/run/secrets/zammad' },
      readFile,
    });
    expect(ok.ok && ok.config.zammad.auth).toEqual({ kind: 'token', token: SECRET });
    const missing = problems(
      {
        ZAMMAD_URL: base.ZAMMAD_URL,
        ZAMMAD_HTTP_TOKEN_FILE: '/run/secrets/missing',
        ZAMMAD_OAUTH2_TOKEN: 'fallback',
      },
      { readFile },
    );
    expect(missing.join()).toMatch(
      /ZAMMAD_HTTP_TOKEN_FILE names \/run\/secrets\/missing, which cannot be read \(ENOENT\)/,
    );
    const both = problems({ ...base, ZAMMAD_HTTP_TOKEN_FILE: '/run/secrets/zammad' }, { readFile });
    expect(both.join()).toMatch(/ZAMMAD_HTTP_TOKEN and ZAMMAD_HTTP_TOKEN_FILE are both set/);
  });

  it('never prints a secret value in a problem', () => {
    const p = problems({
      ZAMMAD_URL: 'http://remote.example.com',
      ZAMMAD_HTTP_TOKEN: SECRET,
      ZAMMAD_PASSWORD: SECRET,
      MCP_CONFIRMATION_KEY: 'short-secret-key',
    });
    expect(p.length).toBeGreaterThan(1);
    expect(p.join('\n')).not.toContain(SECRET);
    expect(p.join('\n')).not.toContain('short-secret-key');
  });

  it('reads a ring of confirmation keys and a Redis spent store', () => {
    const k1 = 'a'.repeat(32);
    const k2 = 'b'.repeat(40);
    const r = loadConfig({
      env: {
        ...base,
        MCP_CONFIRMATION_KEY: `${k1}\n${k2}`,
        MCP_CONFIRMATION_STORE_URL: 'redis://:pw-secret@10.0.0.5:6380/3',
      },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.confirmation.keys).toEqual([k1, k2]);
    expect(r.config.confirmation.storeUrl).toBe('redis://:pw-secret@10.0.0.5:6380/3');
    // Both keys and the store's password are masked in logs.
    expect(secretsOf(r.config)).toEqual(expect.arrayContaining([k1, k2, 'pw-secret']));
    expect(loadConfig({ env: { ...base, MCP_CONFIRMATION_KEY: `${k1}, ${k2}` } })).toMatchObject({
      ok: true,
      config: { confirmation: { keys: [k1, k2] } },
    });
    const bad = problems({
      ...base,
      MCP_CONFIRMATION_KEY: `${k1},short-one`,
      MCP_CONFIRMATION_STORE_URL: 'http://cache:6379',
    });
    expect(bad.join('\n')).toMatch(/1 of its 2 keys is too short/);
    expect(bad.join('\n')).toMatch(/MCP_CONFIRMATION_STORE_URL must be a Redis URL/);
    expect(bad.join('\n')).not.toContain('short-one');
  });

  it('takes CLI flags over the environment', () => {
    const r = loadConfig({
      env: { ...base, MCP_ALLOW_WRITE: 'false' },
      argv: ['--allow-write', '--denied-tools=delete_*,merge_tickets', '--output-budget', '4000'],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.policy.allowWrite).toBe(true);
    expect(r.config.policy.deniedTools).toEqual(['delete_*', 'merge_tickets']);
    expect(r.config.output.budgetTokens).toBe(4000);
    expect(problems(base, { argv: ['--no-such-flag'] }).join()).toMatch(/Unknown option --no-such-flag/);
    expect(problems(base, { argv: ['--output-budget'] }).join()).toMatch(/needs a value/);
  });

  it('reads the policy lists exactly as users write them', () => {
    const r = loadConfig({
      env: {
        ...base,
        MCP_DENIED_TOOLS: 'delete_ticket,delete_user,delete_organization',
        MCP_ALLOWED_CATEGORIES: 'tickets,users,organizations,groups,system',
      },
    });
    expect(r.ok && r.config.policy.deniedTools).toEqual([
      'delete_ticket',
      'delete_user',
      'delete_organization',
    ]);
    expect(r.ok && r.config.policy.allowedCategories).toEqual([
      'tickets',
      'users',
      'organizations',
      'groups',
      'system',
    ]);
  });

  it('freezes the configuration', () => {
    const r = loadConfig({ env: base });
    expect(r.ok && Object.isFrozen(r.config.zammad)).toBe(true);
  });

  it('rejects a CA file that is not PEM, and the ca is kept when it is', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const readFile = (p: string): string => (p === '/ca.pem' ? pem : 'garbage');
    const ok = loadConfig({ env: { ...base, ZAMMAD_CA_FILE: '/ca.pem' }, readFile });
    expect(ok.ok && ok.config.zammad.ca).toBe(pem);
    expect(problems({ ...base, ZAMMAD_CA_FILE: '/bad' }, { readFile }).join()).toMatch(
      /holds no PEM certificate/,
    );
  });
});
