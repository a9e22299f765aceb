/**
 * The HTTP transport's edges under hostile or odd input: bodies over the limit however they
 * arrive, Host with its port, the server's own origin, and the posture's numbers.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { createLogger } from '../src/log.js';
import { logPosture } from '../src/posture.js';
import { KEYS_TEXT } from './http-helpers.js';

describe('posture', () => {
  it('shows the limits as numbers, the wrong-credential limit too (never masked as a secret)', () => {
    const r = loadConfig({
      env: {
        ZAMMAD_URL: 'https://z.example.com',
        ZAMMAD_HTTP_TOKEN: 'x'.repeat(20),
        MCP_TRANSPORT: 'http',
        MCP_API_KEYS: KEYS_TEXT,
        MCP_AUTH_FAILURES_PER_MINUTE: '17',
      },
    });
    if (!r.ok) throw new Error(r.problems.join());
    const lines: string[] = [];
    const sel = { enabled: [], disabled: [], warnings: [], errors: [], ceiling: 'read' as const };
    logPosture(createLogger('info', { write: (l) => void lines.push(l) }), r.config, sel, 'http');
    const posture = JSON.parse(lines[0] ?? '{}') as { http: { limits: Record<string, unknown> } };
    expect(posture.http.limits).toMatchObject({
      authFailuresPerMinute: 17,
      bodyBytes: 1048576,
      ratePerMinute: 600,
      rateBurst: 60,
      concurrentPerPrincipal: 16,
    });
    expect(lines[0]).not.toContain('***');
  });
});
