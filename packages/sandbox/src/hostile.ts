/**
 * Tickets that anyone who can e-mail the helpdesk could make (issue 12): many 10 MB e-mails, one
 * 150 MB article, HTML nested thousands of levels deep. Their bodies are generated while they are
 * sent (generated.ts), so the sandbox holds a few KiB for each, however large.
 */
import { GeneratedText, setGeneratedBody, type Segment } from './generated.js';
import { blankTicket } from './records.js';
import type { SandboxStore } from './store.js';
import type { ArticleRecord, TicketRecord } from './types.js';

export type HostileKind = 'many-emails' | 'huge-article' | 'deep-html';

export interface HostileOptions {
  /** many-emails: how many (default 16). */
  emails?: number;
  /** many-emails: characters of each body (default 10 MB, Zammad's default mail size limit). */
  emailChars?: number;
  /** huge-article: characters of the body (default 150 MB). */
  articleChars?: number;
  /** deep-html: nesting depth (default 100,000). */
  depth?: number;
}

export interface HostileTicket {
  ticket: TicketRecord;
  articles: ArticleRecord[];
  bodies: GeneratedText[];
}

/** An e-mail line with a few two- and three-byte characters, so that byte and character counts differ. */
export const EMAIL_LINE = 'Grüße — this line repeats to fill a very large customer e-mail body.\n';
const PLAIN_LINE =
  'This line repeats to fill one very large article body, 64 characters.\n'.slice(0, 63) + '\n';

function repeatTo(unit: string, chars: number): Segment[] {
  const whole = Math.floor(chars / unit.length);
  const rest = chars - whole * unit.length;
  return [{ unit, repeat: whole }, ...(rest > 0 ? [{ unit: unit.slice(0, rest), repeat: 1 }] : [])];
}

export function addHostileTicket(
  store: SandboxStore,
  kind: HostileKind,
  o: HostileOptions = {},
): HostileTicket {
  const customer = [...store.users.values()].find((u) => store.userExtras.get(u.id)?.role_ids.includes(3));
  if (!customer) throw new Error('sandbox: no customer to send the e-mails');
  const id = store.nextId('ticket');
  const at = store.now();
  const ticket = blankTicket({
    id,
    group_id: 1,
    state_id: 1,
    title: `Hostile ticket (${kind})`,
    customer_id: customer.id,
    organization_id: customer.organization_id,
    created_by_id: customer.id,
    created_at: at,
  });
  store.tickets.set(id, ticket);
  const bodies: Array<{ segments: Segment[]; html: boolean }> = [];
  if (kind === 'many-emails') {
    for (let i = 0; i < (o.emails ?? 16); i++)
      bodies.push({ segments: repeatTo(`${i} ${EMAIL_LINE}`, o.emailChars ?? 10_000_000), html: false });
  } else if (kind === 'huge-article') {
    bodies.push({ segments: repeatTo(PLAIN_LINE, o.articleChars ?? 150_000_000), html: false });
  } else {
    const depth = o.depth ?? 100_000;
    bodies.push({
      segments: [
        { unit: '<div>', repeat: depth },
        { unit: 'Deep inside. ', repeat: 100 },
        { unit: '</div>', repeat: depth },
      ],
      html: true,
    });
  }
  const from = `${customer.firstname} ${customer.lastname} <${customer.email}>`;
  const articles: ArticleRecord[] = [];
  const texts: GeneratedText[] = [];
  for (const [i, b] of bodies.entries()) {
    const text = new GeneratedText(b.segments);
    const a = store.addArticle({
      ticket_id: id,
      body: text.prefix(2000),
      type: 'email',
      sender: 'Customer',
      content_type: b.html ? 'text/html' : 'text/plain',
      from,
      to: 'support@example.com',
      subject: `Large message ${i + 1}`,
      created_by_id: customer.id,
    });
    setGeneratedBody(store, a.id, text);
    articles.push(a);
    texts.push(text);
  }
  return { ticket, articles, bodies: texts };
}
