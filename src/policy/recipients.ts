/**
 * Who a customer-visible reply may go to: the ticket's participants (its customer and the addresses
 * in its customer-visible articles), and beyond them only addresses whose domain is in
 * MCP_ALLOWED_RECIPIENT_DOMAINS. Decided here; reply_to_customer asks before it previews or sends.
 */
import { PolicyError } from '../errors.js';

/** Lower-cased addresses in a header value ("Jane <jane@x.com>, bob@y.org"). */
export function addressesIn(value: string | null | undefined): string[] {
  return (
    (value ?? '')
      .match(/[^\s<>,;:"'()[\]]+@[^\s<>,;:"'()[\]]+\.[^\s<>,;:"'()[\]]+/g)
      ?.map((x) => x.toLowerCase()) ?? []
  );
}

/** Exact domain or a subdomain of one of the allowed domains. */
export function domainAllowed(address: string, allowed: readonly string[]): boolean {
  const domain = address.split('@').pop()?.toLowerCase() ?? '';
  return allowed.some((d) => {
    const a = d.toLowerCase().replace(/^\*?\./, '');
    return a !== '' && (domain === a || domain.endsWith(`.${a}`));
  });
}

export interface RecipientCheck {
  /** The ticket as the refusal names it, e.g. "#31002". */
  ticket: string;
  participants: ReadonlySet<string>;
  recipients: readonly string[];
  allowedDomains: readonly string[];
}

/**
 * The recipients who are not participants (let through by their domain), or a PolicyError naming
 * those refused and the participants.
 */
export function checkRecipients(c: RecipientCheck): string[] {
  const outside = c.recipients.filter((x) => !c.participants.has(x));
  const refused = outside.filter((x) => !domainAllowed(x, c.allowedDomains));
  if (refused.length > 0) {
    const many = refused.length > 1;
    throw new PolicyError(
      `Not sent: ${refused.join(', ')} ${many ? 'are' : 'is'} not a participant of ticket ${c.ticket} ` +
        `(its customer and the addresses in its customer-visible articles: ${[...c.participants].join(', ') || 'none'}) ` +
        `and ${many ? 'their domains are' : 'the domain is'} not in MCP_ALLOWED_RECIPIENT_DOMAINS.`,
    );
  }
  return outside;
}
