import { describe, expect, it } from 'vitest';
import { startSandbox } from './index.js';
import { api, asToken } from './test-client.js';

async function snapshot(seed: number): Promise<string[]> {
  const sb = await startSandbox({ seed });
  try {
    const call = api(sb, asToken(sb.credentials.admin));
    const out: string[] = [];
    for (const path of [
      '/tickets/1',
      '/tickets/57?expand=true',
      '/ticket_articles/by_ticket/1',
      '/users?per_page=50',
      '/tickets?page=2',
    ]) {
      out.push((await call('GET', path)).text);
    }
    out.push(sb.credentials.admin.token, sb.credentials.customer.login);
    return out;
  } finally {
    await sb.close();
  }
}

describe('determinism', () => {
  it('the same seed gives byte-identical responses', async () => {
    const [a, b] = [await snapshot(42), await snapshot(42)];
    expect(a).toEqual(b);
  });

  it('a different seed gives different data', async () => {
    const [a, b] = [await snapshot(42), await snapshot(7)];
    expect(a[0]).not.toEqual(b[0]);
  });

  // How fast it starts is measured by `npm run bench` (sandbox start), not asserted here.
  it('starts (seed + listen) with realistic volumes', async () => {
    const sb = await startSandbox();
    try {
      expect(sb.store.tickets.size).toBe(200);
      expect(sb.store.articles.size).toBeGreaterThan(600);
      expect(sb.store.users.size).toBeGreaterThan(40);
      expect(sb.store.kbAnswers.size).toBe(15);
    } finally {
      await sb.close();
    }
  });
});
