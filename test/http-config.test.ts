/**
 * HTTP settings: API keys (file format, constant-time check, keygen), OAuth settings that must be
 * refused, and that every problem is reported at once without echoing a secret.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ApiKeyVerifier, generateKey, hashKey, keyLine } from '../src/auth/api-keys.js';
import { parseApiKeys } from '../src/config/api-keys.js';
import { loadConfig, secretsOf } from '../src/config/index.js';

const base = {
  ZAMMAD_URL: 'https://z.example.com',
  ZAMMAD_HTTP_TOKEN: 'tok-abcdef123456',
  MCP_TRANSPORT: 'http',
};
const problems = (env: Record<string, string>, readFile?: (p: string) => string): string => {
  const r = loadConfig({ env: { ...base, ...env }, ...(readFile ? { readFile } : {}) });
  return r.ok ? '' : r.problems.join('\n');
};

describe('API keys', () => {
  it('parses name:sha256 lines with comments and optional risk limits', () => {
    const k1 = generateKey();
    const k2 = generateKey();
    const text = `# team keys\n${keyLine('alice', k1)}   # laptop\n\n${keyLine('ci.bot', k2)}:read+write\n`;
    const r = parseApiKeys(text);
    expect(r.problems).toEqual([]);
    expect(r.keys).toEqual([
      { name: 'alice', sha256: hashKey(k1) },
      { name: 'ci.bot', sha256: hashKey(k2), risks: ['read', 'write'] },
    ]);
    const v = new ApiKeyVerifier(r.keys);
    expect(v.verify(k1)?.name).toBe('alice');
    expect(v.verify(k2)?.name).toBe('ci.bot');
    expect(v.verify(k1 + 'x')).toBeUndefined();
    expect(v.verify('')).toBeUndefined();
  });

  it('refuses a plaintext key, bad names, duplicates and unknown risks, naming entries not values', () => {
    const key = generateKey();
    const r = parseApiKeys(
      [
        `alice:${key}`,
        `bad name:${hashKey('a')}`,
        `bob:${hashKey('b')}`,
        `bob:${hashKey('c')}`,
        `eve:${hashKey('b')}`,
        `x:${hashKey('d')}:admin`,
      ].join('\n'),
    );
    expect(r.keys.map((k) => k.name)).toEqual(['bob']);
    expect(r.problems).toHaveLength(5);
    expect(r.problems.join('\n')).not.toContain(key);
    expect(r.problems[0]).toMatch(/entry 1 \(alice\) has no SHA-256 hash.*never the key/);
    expect(r.problems.join('\n')).toMatch(/names bob twice/);
    expect(r.problems.join('\n')).toMatch(/repeats the hash/);
    expect(r.problems.join('\n')).toMatch(/unknown values/);
  });

  it('`zammad-mcp keygen <name>` prints a key on stdout and its file line', () => {
    const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
    const out = spawnSync(process.execPath, ['--import', 'tsx', cli, 'keygen', 'ci-bot'], {
      encoding: 'utf8',
    });
    expect(out.status).toBe(0);
    const key = out.stdout.trim();
    expect(key).toMatch(/^zmcp_[A-Za-z0-9_-]{43}$/);
    expect(out.stderr).toContain(`ci-bot:${hashKey(key)}`);
    const bad = spawnSync(process.execPath, ['--import', 'tsx', cli, 'keygen', 'no spaces'], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
  });

  it('reads MCP_API_KEYS_FILE', () => {
    const line = keyLine('alice', generateKey());
    const r = loadConfig({
      env: { ...base, MCP_API_KEYS_FILE: '/keys' },
      readFile: (p) => (p === '/keys' ? `${line}\n` : ''),
    });
    expect(r.ok && r.config.http.auth.apiKeys.map((k) => k.name)).toEqual(['alice']);
    expect(problems({ MCP_API_KEYS_FILE: '/keys' }, () => '# nothing yet\n')).toMatch(/holds no keys/);
  });
});

describe('OAuth settings', () => {
  const oauth = {
    MCP_OAUTH_JWKS_URL: 'https://idp.example.com/jwks',
    MCP_OAUTH_ISSUER: 'https://idp.example.com/',
    MCP_OAUTH_AUDIENCE: 'https://mcp.example.com/mcp',
  };
  it('accepts a complete configuration', () => {
    const r = loadConfig({ env: { ...base, ...oauth } });
    expect(r.ok && r.config.http.auth.jwt).toEqual({
      jwksUrl: oauth.MCP_OAUTH_JWKS_URL,
      issuer: oauth.MCP_OAUTH_ISSUER,
      audience: [oauth.MCP_OAUTH_AUDIENCE],
      algorithms: ['RS256', 'ES256'],
    });
  });
  it('makes the audience mandatory and refuses none/HS* algorithms and plain-HTTP JWKS', () => {
    expect(problems({ ...oauth, MCP_OAUTH_AUDIENCE: '' })).toMatch(
      /MCP_OAUTH_AUDIENCE is not set. It is mandatory/,
    );
    expect(problems({ ...oauth, MCP_OAUTH_ALGORITHMS: 'RS256,none' })).toMatch(/must not allow none/);
    expect(problems({ ...oauth, MCP_OAUTH_ALGORITHMS: 'HS256' })).toMatch(/must not allow HS256.*public key/);
    expect(problems({ ...oauth, MCP_OAUTH_ALGORITHMS: 'XS1' })).toMatch(/unknown algorithms: XS1/);
    expect(problems({ ...oauth, MCP_OAUTH_JWKS_URL: 'http://idp.example.com/jwks' })).toMatch(
      /must use https/,
    );
    expect(problems({ ...oauth, MCP_OAUTH_ISSUER: '' })).toMatch(/MCP_OAUTH_ISSUER is not/);
    expect(problems({ MCP_OAUTH_ISSUER: oauth.MCP_OAUTH_ISSUER, MCP_API_KEYS: keyLine('a', 'b') })).toMatch(
      /MCP_OAUTH_JWKS_URL is not/,
    );
  });
});

describe('HTTP configuration', () => {
  const keys = { MCP_API_KEYS: keyLine('alice', generateKey()) };
  it('defaults: loopback, auth on, Host allowlist of the bind address and localhost names, same-origin', () => {
    const r = loadConfig({ env: { ...base, ...keys } });
    if (!r.ok) throw new Error(r.problems.join());
    expect(r.config.http).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      auth: { enabled: true },
      allowedHosts: ['127.0.0.1', 'localhost', '[::1]'],
      trustedProxies: [],
      limits: { maxBodyBytes: 1048576, ratePerMinute: 600, rateBurst: 60, maxConcurrent: 16 },
      sessions: { idleSeconds: 1800, max: 500, maxPerPrincipal: 32 },
    });
    expect(r.config.http.allowedOrigins).toBeUndefined();
    expect(r.config.http.allowedSourceIps).toBeUndefined();
  });

  it('adds the public URL host to the Host allowlist and names /mcp', () => {
    const r = loadConfig({ env: { ...base, ...keys, MCP_PUBLIC_URL: 'https://mcp.example.com' } });
    expect(r.ok && r.config.http.publicUrl).toBe('https://mcp.example.com/mcp');
    expect(r.ok && r.config.http.allowedHosts).toContain('mcp.example.com');
  });

  it('reports every bad list entry at once', () => {
    const p = problems({
      ...keys,
      MCP_ALLOWED_HOSTS: 'ok.example.com,bad host',
      MCP_ALLOWED_ORIGINS: 'https://ok.example.com,https://x.example.com/path',
      MCP_ALLOWED_SOURCE_IPS: '10.0.0.0/8,10.0.0.0/40',
      MCP_TRUSTED_PROXIES: 'proxy.local',
      MCP_MAX_BODY_BYTES: '10',
    });
    expect(p.split('\n')).toHaveLength(5);
    expect(p).toMatch(/MCP_ALLOWED_HOSTS .*bad host/);
    expect(p).toMatch(/MCP_ALLOWED_ORIGINS .*x\.example\.com\/path/);
    expect(p).toMatch(/MCP_ALLOWED_SOURCE_IPS .*10\.0\.0\.0\/40/);
    expect(p).toMatch(/MCP_TRUSTED_PROXIES .*proxy\.local/);
    expect(p).toMatch(/MCP_MAX_BODY_BYTES="10"/);
  });

  it('reads the TLS key and per-principal Zammad tokens as secrets: redacted, never echoed', () => {
    const files: Record<string, string> = {
      '/cert.pem': '-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----\n',
      '/key.pem': '-----BEGIN PRIVATE KEY-----\nSECRETKEYMATERIAL\n-----END PRIVATE KEY-----\n',
      '/tokens': 'alice: zammad-token-of-alice-123\n# comment\nbob:zammad-token-of-bob-456\n',
      '/act-as': 'carol: carol@example.com\n',
    };
    const readFile = (p: string): string => files[p] ?? '';
    const r = loadConfig({
      env: {
        ...base,
        ...keys,
        MCP_TLS_CERT_FILE: '/cert.pem',
        MCP_TLS_KEY_FILE: '/key.pem',
        MCP_ZAMMAD_TOKENS_FILE: '/tokens',
        MCP_ZAMMAD_ACT_AS_FILE: '/act-as',
      },
      readFile,
    });
    if (!r.ok) throw new Error(r.problems.join());
    expect(r.config.http.identity).toEqual({
      tokens: { alice: 'zammad-token-of-alice-123', bob: 'zammad-token-of-bob-456' },
      actAs: { carol: 'carol@example.com' },
    });
    const secrets = secretsOf(r.config);
    expect(secrets).toContain('zammad-token-of-alice-123');
    expect(secrets.some((s) => s.includes('SECRETKEYMATERIAL'))).toBe(true);
    const bad = problems(
      {
        ...keys,
        MCP_TLS_CERT_FILE: '/cert.pem',
        MCP_TLS_KEY: 'not-a-pem-SECRET',
        MCP_ZAMMAD_TOKENS: 'no-colon-SECRET',
      },
      readFile,
    );
    expect(bad).toMatch(/MCP_TLS_KEY holds no PEM private key/);
    expect(bad).toMatch(/MCP_ZAMMAD_TOKENS line 1 is not `principal:value`/);
    expect(bad).not.toContain('SECRET');
  });
});
