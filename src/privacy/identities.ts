/**
 * Who is who, learned from what Zammad answers: every user record (in a list, a search, a ticket's
 * assets) and every article's From. A customer's e-mail addresses, phone numbers, login and names
 * are hidden; an agent's stay readable (unless agents are pseudonymized too). Nothing is fetched for
 * this: a person the server has never read about is still covered by the pattern detectors for
 * addresses and numbers; only a name needs to be learned first, and a name is learned from the same
 * answer that carries it.
 */
import { normalize } from './tokens.js';

/** How many people a process remembers (oldest forgotten first; a read learns them again). */
const MAX_PEOPLE = 100_000;
/** A walk of one answer stops after this many nodes (a huge list is learned in part). */
const MAX_NODES = 50_000;

const AGENT_ROLES = new Set(['admin', 'agent']);
const AGENT_PERMISSIONS = /^(?:admin|ticket\.agent)/;
/** Zammad's seeded role ids: 1 Admin, 2 Agent (3 is Customer). */
const AGENT_ROLE_IDS = new Set([1, 2]);

/** "Jane Doe <jane@example.com>" → "Jane Doe"; a bare address → undefined. */
export function displayNameOf(address: string): string | undefined {
  const m = /^\s*"?([^"<>@]+?)"?\s*<[^<>]+>/.exec(address);
  const name = m?.[1]?.trim();
  return name && /\p{L}/u.test(name) ? name : undefined;
}

const WORD = /[\p{L}\p{M}][\p{L}\p{M}'’-]*/gu;
const wordsOf = (s: string): string[] => s.normalize('NFC').match(WORD) ?? [];

export class Identities {
  /** Lower-case full names and single name parts of customers, by their first word. */
  private readonly names = new Map<string, Set<string>>();
  private readonly agentNames = new Set<string>();
  /** Single words of agents' names: "Chen" alone is not hidden when an agent is called Chen. */
  private readonly agentParts = new Set<string>();
  private readonly agentEmails = new Set<string>();
  private readonly agentPhones = new Set<string>();
  /** Customer logins that are not e-mail addresses (hidden like names). */
  private readonly logins = new Set<string>();
  private people = 0;
  /** Bumped on every change: users of the tables rebuild what they derived from them. */
  version = 0;

  constructor(private readonly o: { pseudonymizeAgents: boolean; kept?: (email: string) => boolean }) {}

  isAgentEmail(email: string): boolean {
    return !this.o.pseudonymizeAgents && this.agentEmails.has(email.toLowerCase());
  }

  isAgentPhone(e164: string): boolean {
    return !this.o.pseudonymizeAgents && this.agentPhones.has(e164);
  }

  /** Lower-case first letters of the names' first words. */
  private readonly firstLetters = new Set<string>();

  /** Whether a word starting with this character can start a known name (a cheap first test). */
  mayStartName(ch: string): boolean {
    return this.firstLetters.has(ch.toLowerCase());
  }

  /** Candidate surfaces starting with this (lower-case) word, longest first. */
  namesStartingWith(word: string): Set<string> | undefined {
    return this.names.get(word);
  }

  isLogin(value: string): boolean {
    return this.logins.has(value.toLowerCase());
  }

  get loginList(): readonly string[] {
    return [...this.logins];
  }

  /** Learns the people in one Zammad answer (any JSON shape). */
  observe(body: unknown): void {
    const stack: unknown[] = [body];
    let nodes = 0;
    while (stack.length > 0 && nodes++ < MAX_NODES) {
      const v = stack.pop();
      if (Array.isArray(v)) {
        for (const x of v) if (x && typeof x === 'object') stack.push(x);
        continue;
      }
      if (!v || typeof v !== 'object') continue;
      const o = v as Record<string, unknown>;
      if (('firstname' in o || 'lastname' in o) && ('login' in o || 'email' in o)) this.user(o);
      else if ('from' in o && ('sender' in o || 'sender_id' in o)) this.article(o);
      for (const x of Object.values(o)) if (x && typeof x === 'object') stack.push(x);
    }
  }

  /** One user record. */
  user(o: Record<string, unknown>): void {
    const agent = isAgent(o);
    const first = str(o.firstname);
    const last = str(o.lastname);
    const email = str(o.email)?.toLowerCase();
    const login = str(o.login)?.toLowerCase();
    const phones = [str(o.phone), str(o.mobile), str(o.fax)].filter((p): p is string => p !== undefined);
    if (agent) {
      for (const n of [first, last, first && last ? `${first} ${last}` : undefined]) if (n) this.agentName(n);
      if (email) this.agentEmails.add(email);
      if (login?.includes('@')) this.agentEmails.add(login);
      for (const p of phones) this.agentPhones.add(e164Of(p));
      this.version++;
      return;
    }
    if (first && last) this.addName(`${first} ${last}`);
    if (first && first.length >= 3) this.addName(first);
    if (last && last.length >= 3) this.addName(last);
    if (login && !login.includes('@') && login.length >= 3) this.logins.add(login);
    this.version++;
  }

  /**
   * An article: the display names in From, To and Cc of every address that is not an agent's or
   * kept readable ("Linda Nguyen <linda@…>" in a Cc is a person even before her record is read).
   * Only names of two to four words count: "Helpdesk" or "Mei Chen via Helpdesk" are not a person.
   */
  private article(o: Record<string, unknown>): void {
    const sender = str(o.sender);
    for (const field of ['from', 'to', 'cc'] as const) {
      const value = str(o[field]);
      if (!value) continue;
      for (const part of value.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)) {
        const name = displayNameOf(part);
        const address = /<([^<>\s]+@[^<>\s]+)>/.exec(part)?.[1]?.toLowerCase();
        if (!name) continue;
        if (address && (this.agentEmails.has(address) || this.o.kept?.(address))) continue;
        if (!address && !(field === 'from' && sender === 'Customer')) continue;
        const words = wordsOf(name);
        if (words.length < 2 || words.length > 4 || /\bvia\b/i.test(name)) continue;
        this.addName(words.join(' '));
        if (words.length === 2) for (const w of words) if (w.length >= 3) this.addName(w);
      }
    }
  }

  private agentName(n: string): void {
    const key = normalize('name', n);
    this.agentNames.add(key);
    for (const w of wordsOf(key)) this.agentParts.add(w);
    // An agent's name is readable even when a customer shares it.
    const first = wordsOf(key)[0];
    this.names.get(first ?? '')?.delete(key);
  }

  private addName(n: string): void {
    const key = wordsOf(normalize('name', n)).join(' ');
    if (key.length < 3 || this.agentNames.has(key) || this.agentParts.has(key)) return;
    const first = key.split(' ')[0] as string;
    this.firstLetters.add(first[0] as string);
    let set = this.names.get(first);
    if (!set) {
      if (this.people >= MAX_PEOPLE) this.names.delete(this.names.keys().next().value as string);
      else this.people++;
      this.names.set(first, (set = new Set()));
    }
    set.add(key);
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim().length > 0 ? v.trim() : undefined;
}

function isAgent(o: Record<string, unknown>): boolean {
  const roles = Array.isArray(o.roles) ? o.roles : [];
  if (roles.some((r) => typeof r === 'string' && AGENT_ROLES.has(r.toLowerCase()))) return true;
  const ids = Array.isArray(o.role_ids) ? o.role_ids : [];
  if (ids.some((r) => typeof r === 'number' && AGENT_ROLE_IDS.has(r))) return true;
  const perms = Array.isArray(o.permissions) ? o.permissions : [];
  return perms.some((p) => typeof p === 'string' && AGENT_PERMISSIONS.test(p));
}

/** A stored phone number as E.164 when it carries a country code ("+", "00"; a trunk "(0)" dropped); its digits otherwise. */
export function e164Of(phone: string): string {
  const p = phone.trim().replace(/\(0\)/, '').replace(/^00/, '+');
  const digits = p.replace(/\D/g, '');
  return p.startsWith('+') ? `+${digits}` : digits;
}
