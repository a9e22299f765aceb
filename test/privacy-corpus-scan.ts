/**
 * The sandbox's customers as needles, and a scan of any model-facing text for them: shared by
 * test/privacy.test.ts and bench/run/privacy.ts.
 */
import type { Sandbox } from '@zammad-mcp/sandbox';

export interface Needle {
  kind: 'email' | 'phone' | 'name';
  value: string;
  user: number;
}

const digits = (s: string): string => s.replace(/\D/g, '');

/** Every customer's e-mail, phone, mobile, full name and (capitalized, ≥ 3 letters) name parts that no agent shares. */
export function customerNeedles(sb: Sandbox): Needle[] {
  const agentParts = new Set<string>();
  const customers = [];
  for (const u of sb.store.users.values()) {
    const roles = sb.store.userExtras.get(u.id)?.role_ids ?? [];
    if (roles.includes(1) || roles.includes(2)) {
      for (const p of `${u.firstname ?? ''} ${u.lastname ?? ''}`.split(/\s+/))
        if (p) agentParts.add(p.toLowerCase());
    } else if (roles.includes(3)) customers.push(u);
  }
  const out: Needle[] = [];
  for (const u of customers) {
    if (u.email) out.push({ kind: 'email', value: u.email, user: u.id });
    for (const p of [u.phone, u.mobile]) if (p) out.push({ kind: 'phone', value: p, user: u.id });
    const first = u.firstname ?? '';
    const last = u.lastname ?? '';
    if (first && last) out.push({ kind: 'name', value: `${first} ${last}`, user: u.id });
    for (const part of [first, last])
      if (part.length >= 3 && !agentParts.has(part.toLowerCase()))
        out.push({ kind: 'name', value: part, user: u.id });
  }
  return out;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The needles found in `text`: e-mails in any case, phones in any formatting, names as whole words. */
export function leaks(text: string, needles: readonly Needle[]): Needle[] {
  const lower = text.toLowerCase();
  const phoneRuns = new Set((text.match(/\+?\d[\d\s().\-/]{6,}\d/g) ?? []).map(digits));
  return needles.filter((n) => {
    if (n.kind === 'email') return lower.includes(n.value.toLowerCase());
    if (n.kind === 'phone') {
      const d = digits(n.value);
      return (
        text.includes(n.value) ||
        [...phoneRuns].some((r) => r.includes(d) || (d.length > 8 && r.includes(d.slice(2))))
      );
    }
    const flags = n.value.includes(' ') ? 'iu' : 'u';
    return new RegExp(`(?<![\\p{L}\\p{N}_])${escape(n.value)}(?![\\p{L}\\p{N}_])`, flags).test(text);
  });
}
